package org.labctl.exec.internal;

import java.io.IOException;
import java.math.BigInteger;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.WebSocketListener;
import org.labctl.api.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One agent's WebSocket: heartbeats in, acks out. */
final class AgentSocket implements WebSocketListener {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);

    private final Caller agent;
    private final AgentHubService hub;
    private volatile Session session;

    AgentSocket(Caller agent, AgentHubService hub) {
        this.agent = agent;
        this.hub = hub;
    }

    Caller agent() {
        return agent;
    }

    BigInteger serial() {
        return new BigInteger(agent.serial(), 16);
    }

    @Override
    public void onWebSocketConnect(Session connected) {
        this.session = connected;
        hub.connected(this);
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            String answer = hub.received(this, message);
            if (answer != null && session != null) {
                session.getRemote().sendString(answer, null);
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("agent {}: refused a frame: {}", agent.name(), e.getMessage());
            close(StatusCode.BAD_PAYLOAD, "not a frame labd understands: " + e.getMessage());
        } catch (RuntimeException e) {
            // labd's own trouble (its database busy or away): not the agent's fault, and nothing
            // internal goes over the wire; the agent comes back with its backoff
            LOG.warn("agent {}: cannot record a heartbeat: {}", agent.name(), e.toString());
            close(StatusCode.TRY_AGAIN_LATER, "labd cannot record heartbeats right now");
        }
    }

    @Override
    public void onWebSocketBinary(byte[] payload, int offset, int len) {
        close(StatusCode.BAD_DATA, "agent frames are JSON text");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        hub.disconnected(this);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("agent {}: {}", agent.name(), cause.getMessage());
    }

    void close(int code, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, reason);
        }
    }

    void closeNow() throws IOException {
        Session current = session;
        if (current != null) {
            current.disconnect();
        }
    }
}
