package org.labctl.exec.internal;

import java.io.IOException;
import org.eclipse.jetty.websocket.servlet.WebSocketServletFactory;
import org.labctl.api.Caller;
import org.labctl.api.ExecProtocol;

/**
 * {@code wss://labd/api/v1/exec/stream}: labctl's exec sessions ({@link ExecProtocol}). People
 * (user certificates) and other labd instances (peer certificates, relaying) open it; agents do not.
 * Each start frame is authorized and audited by {@link ExecService}.
 */
final class ExecServlet extends BundleWebSocketServlet {

    static final String PATH = "/api/v1/exec/stream";
    static final String SESSION_HEADER = "X-Labctl-Session";
    private static final long serialVersionUID = 1L;
    /** Interactive sessions sit idle while their user thinks; a dead peer is noticed by TCP. */
    private static final long IDLE_TIMEOUT_MS = 3_600_000;

    private final transient ExecService exec;

    ExecServlet(ExecService exec) {
        this.exec = exec;
    }

    @Override
    public void configure(WebSocketServletFactory factory) {
        factory.getPolicy().setIdleTimeout(IDLE_TIMEOUT_MS);
        factory.getPolicy().setMaxTextMessageSize(1 << 20);
        factory.getPolicy().setMaxBinaryMessageSize(2 * ExecProtocol.MAX_PAYLOAD);
        // Jetty reads 4 KiB at a time by default: a whole TLS record and more per read cuts the calls 16-fold
        factory.getPolicy().setInputBufferSize(ExecProtocol.READ_BUFFER);
        factory.setCreator((request, response) -> {
            var http = request.getHttpServletRequest();
            Object caller = http.getAttribute(Caller.ATTRIBUTE);
            if (caller instanceof Caller c && (c.kind() == Caller.Kind.USER || c.kind() == Caller.Kind.LABD)) {
                return new ClientSocket(c, http.getHeader(SESSION_HEADER), http.getRemoteAddr(), exec.relay());
            }
            exec.refused(caller instanceof Caller c ? c : null, http.getRemoteAddr());
            try {
                response.sendForbidden("the exec stream is for labctl users: use a labctl config, not an agent certificate");
            } catch (IOException e) {
                // the client went away
            }
            return null;
        });
    }
}
