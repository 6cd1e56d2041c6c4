package org.labctl.exec.internal;

import java.io.IOException;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.labctl.api.Caller;
import org.labctl.api.ExecProtocol;

/**
 * {@code wss://labd/agent}: the client certificate filter has authenticated the request; only an
 * agent certificate ({@code labctl://server/<id>}) may open this socket.
 */
final class AgentServlet extends BundleWebSocketServlet {

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
        factory.getPolicy().setMaxBinaryMessageSize(2 * ExecProtocol.MAX_PAYLOAD);
        // Jetty reads 4 KiB at a time by default: a whole TLS record and more per read cuts the calls 16-fold
        factory.getPolicy().setInputBufferSize(ExecProtocol.READ_BUFFER);
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
}
