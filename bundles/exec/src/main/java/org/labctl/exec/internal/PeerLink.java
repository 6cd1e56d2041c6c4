package org.labctl.exec.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.labctl.api.WebSocketSender;

/**
 * This instance's exec stream to another labd instance, which holds the agent socket of the
 * sessions sent over it. It authenticates with this instance's peer certificate; the other
 * instance relays without authorizing or auditing again (this one did both).
 */
final class PeerLink implements Link {

    private final String instance;
    private final ExecService exec;
    private volatile WebSocketSender sender;
    private volatile WebSocket socket;

    private PeerLink(String instance, ExecService exec) {
        this.instance = instance;
        this.exec = exec;
    }

    /** Connects to {@code url}'s exec stream. */
    static PeerLink connect(String instance, String url, SSLContext tls, ExecService exec) throws Exception {
        PeerLink link = new PeerLink(instance, exec);
        URI base = URI.create(url);
        URI stream = URI.create("wss://" + base.getHost() + ":" + (base.getPort() < 0 ? 443 : base.getPort()) + ExecServlet.PATH);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(stream, link.new Listener()).get(10, TimeUnit.SECONDS);
        link.socket = socket;
        link.sender = new WebSocketSender(socket);
        return link;
    }

    String instance() {
        return instance;
    }

    boolean isOpen() {
        WebSocket current = socket;
        return current != null && !current.isOutputClosed() && !current.isInputClosed() && sender.failed() == null;
    }

    @Override
    public void text(String frame) {
        sender.text(frame);
    }

    @Override
    public void binary(ByteBuffer frame) {
        sender.binary(frame);
    }

    void close() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public String describe() {
        return "labd instance " + instance;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                exec.fromAgent(PeerLink.this, frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                ByteBuffer frame = ByteBuffer.wrap(binary.toByteArray());
                binary.reset();
                exec.fromAgent(PeerLink.this, frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            exec.agentGone(PeerLink.this, "the connection to labd instance " + instance + " closed (" + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            exec.agentGone(PeerLink.this, "the connection to labd instance " + instance + " failed: " + error.getMessage());
        }
    }
}
