package org.labctl.exec.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.labctl.api.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One agent's WebSocket: heartbeats in, acks out, and the agent's side of the exec sessions it runs. */
final class AgentSocket extends JettyLink {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSocket.class);

    private final Caller agent;
    private final AgentHubService hub;

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
        super.onWebSocketConnect(connected);
        hub.connected(this);
    }

    @Override
    public void onWebSocketText(String message) {
        if (!hub.isHeartbeat(message)) {
            hub.relay().fromAgent(this, message);
            return;
        }
        try {
            String answer = hub.received(this, message);
            if (answer != null) {
                text(answer);
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
        // Jetty hands over a new array per message: relayed as it is, without a copy
        hub.relay().fromAgent(this, ByteBuffer.wrap(payload, offset, len).slice());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        hub.disconnected(this);
        hub.relay().agentGone(this, statusCode + (reason == null ? "" : " " + reason));
    }

    @Override
    public String describe() {
        return "the agent of server " + agent.name();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("agent {}: {}", agent.name(), cause.getMessage());
    }
}
