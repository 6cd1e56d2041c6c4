package org.labctl.exec.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.labctl.api.BlockingWebSocket;
import org.labctl.api.Http1Connection;

/**
 * This instance's exec stream to another labd instance, which holds the agent socket of the
 * sessions sent over it. It authenticates with this instance's peer certificate; the other
 * instance relays without authorizing or auditing again (this one did both). It is a
 * {@link BlockingWebSocket}, as labctl's exec stream is.
 */
final class PeerLink implements Relay.Peer {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration UPGRADE_TIMEOUT = Duration.ofSeconds(10);

    private final String instance;
    private final AgentHubService.AgentRelay exec;
    private volatile BlockingWebSocket socket;

    private PeerLink(String instance, AgentHubService.AgentRelay exec) {
        this.instance = instance;
        this.exec = exec;
    }

    /** Connects to {@code url}'s exec stream. */
    static PeerLink connect(String instance, String url, SSLContext tls, AgentHubService.AgentRelay exec) throws IOException {
        PeerLink link = new PeerLink(instance, exec);
        Http1Connection http = Http1Connection.open(URI.create(url), tls, null, CONNECT_TIMEOUT, UPGRADE_TIMEOUT,
                Map.of("User-Agent", "labd"));
        try {
            link.socket = BlockingWebSocket.start(http.upgrade(ExecServlet.PATH), link.new FromPeer(), "labd-peer-" + instance,
                    BlockingWebSocket.UNBOUNDED, null);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
        return link;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public boolean isOpen() {
        BlockingWebSocket current = socket;
        return current != null && current.isOpen();
    }

    @Override
    public void text(String frame) {
        socket.text(frame);
    }

    @Override
    public void binary(ByteBuffer frame) {
        socket.binary(frame);
    }

    @Override
    public void close() {
        BlockingWebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public String describe() {
        return "labd instance " + instance;
    }

    /** What the other instance sends, on the socket's reader thread. */
    private final class FromPeer implements BlockingWebSocket.Listener {

        @Override
        public void text(String frame) {
            exec.fromAgent(PeerLink.this, frame);
        }

        @Override
        public void binary(ByteBuffer frame) {
            exec.fromAgent(PeerLink.this, frame);
        }

        @Override
        public void closed(int code, String reason) {
            exec.agentGone(PeerLink.this, "the connection to labd instance " + instance + " closed (" + code + ")");
        }

        @Override
        public void failed(Throwable error) {
            exec.agentGone(PeerLink.this, "the connection to labd instance " + instance + " failed: " + error.getMessage());
        }
    }
}
