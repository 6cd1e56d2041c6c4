package org.labctl.exec.internal;

import java.io.IOException;
import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.websocket.servlet.WebSocketServlet;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.labctl.api.Caller;

/**
 * {@code wss://labd/agent}: the client certificate filter has authenticated the request; only an
 * agent certificate ({@code labctl://server/<id>}) may open this socket.
 */
final class AgentServlet extends WebSocketServlet {

    private static final long serialVersionUID = 1L;
    private final transient AgentHubService hub;
    private final long idleTimeoutMs;

    AgentServlet(AgentHubService hub, long idleTimeoutMs) {
        this.hub = hub;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public void configure(WebSocketServletFactory factory) {
        factory.getPolicy().setIdleTimeout(idleTimeoutMs);
        factory.getPolicy().setMaxTextMessageSize(1 << 20);
        factory.setCreator((request, response) -> {
            Object caller = request.getHttpServletRequest().getAttribute(Caller.ATTRIBUTE);
            if (caller instanceof Caller c && c.kind() == Caller.Kind.AGENT) {
                return new AgentSocket(c, hub);
            }
            var http = request.getHttpServletRequest();
            hub.refused(caller instanceof Caller c ? c.name() : null, http.getRemoteAddr());
            try {
                response.sendForbidden("only lab-agents (with an agent certificate) may open the agent socket");
            } catch (IOException e) {
                // the client went away
            }
            return null;
        });
    }

    /** Jetty finds its WebSocket implementation through the context class loader (DESIGN.md pitfall 5). */
    @Override
    public void init(ServletConfig config) throws ServletException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AgentServlet.class.getClassLoader());
        try {
            super.init(config);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(AgentServlet.class.getClassLoader());
        try {
            super.service(request, response);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
