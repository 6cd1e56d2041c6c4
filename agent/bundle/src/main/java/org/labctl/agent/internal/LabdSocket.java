package org.labctl.agent.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.labctl.api.Http1Connection;
import org.labctl.api.MessageSender;
import org.labctl.api.WebSocketFrames;

/**
 * The agent's WebSocket to labd ({@code wss://labd/agent}) on a blocking TLS socket: one thread
 * reads labd's messages and hands each to the {@link Listener}, one writes the agent's messages in
 * the order they were queued. It replaced the JDK's WebSocket client, whose non-blocking TLS handed
 * every record between threads (bench/exec measured the agent's CPU per GiB of output).
 *
 * <p>Sends never block: messages queue for the writer, and the exec windows bound how much output
 * can queue ({@link org.labctl.api.ExecProtocol}). {@link #closed()} completes, with the reason, when
 * labd closes the connection or it breaks.
 */
final class LabdSocket implements MessageSender {

    /** What the agent does with labd's messages; called on the reader thread, in order. */
    interface Listener {

        void text(String message);

        void binary(ByteBuffer message);
    }

    /** labd's largest message: a data frame of {@link org.labctl.api.ExecProtocol#MAX_PAYLOAD} and its header, with room. */
    static final int MAX_MESSAGE = 4 << 20;
    private static final int NORMAL_CLOSURE = 1000;

    private record Outbound(int opcode, byte[] payload, CompletableFuture<Void> sent) {
    }

    private final Http1Connection.Upgraded connection;
    private final Listener listener;
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final BlockingQueue<Outbound> outbound = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Thread writer;
    private volatile Throwable failure;
    private volatile boolean closing;

    private LabdSocket(Http1Connection.Upgraded connection, Listener listener) {
        this.connection = connection;
        this.listener = listener;
        this.reader = new Thread(this::read, "agent-socket-read");
        this.writer = new Thread(this::write, "agent-socket-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /**
     * Connects to labd, checks its certificate against the agent's CA and its host name, and
     * upgrades {@code path} to a WebSocket.
     *
     * @param timeout bounds the connection and each of labd's answers until the upgrade
     */
    static LabdSocket connect(SSLContext tls, URI server, String path, Duration timeout, Listener listener) throws IOException {
        String host = server.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = server.getPort() < 0 ? 443 : server.getPort();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(bareHost, port), (int) timeout.toMillis());
            SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(socket, bareHost, port, true);
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
            socket = secured;
            socket.setSoTimeout((int) timeout.toMillis());
            Http1Connection http = new Http1Connection(socket, server.getPort() < 0 ? host : host + ":" + port,
                    Map.of("User-Agent", "lab-agent"));
            LabdSocket labd = new LabdSocket(http.upgrade(path), listener);
            labd.reader.start();
            labd.writer.start();
            return labd;
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException alreadyGone) {
                // nothing to clean up
            }
            throw e;
        }
    }

    /** Completes with why the connection ended: labd's close code and reason, or the failure. */
    CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public CompletableFuture<?> text(String message) {
        return enqueue(WebSocketFrames.TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<?> binary(ByteBuffer message) {
        byte[] bytes;
        if (message.hasArray() && message.arrayOffset() == 0 && message.position() == 0
                && message.remaining() == message.array().length) {
            bytes = message.array(); // ExecProtocol.encode's own array: no copy
        } else {
            bytes = new byte[message.remaining()];
            message.get(bytes);
        }
        return enqueue(WebSocketFrames.BINARY, bytes);
    }

    @Override
    public CompletableFuture<?> close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        CompletableFuture<?> sent = enqueue(WebSocketFrames.CLOSE, payload);
        closing = true;
        return sent.whenComplete((ignored, error) -> abort());
    }

    @Override
    public Throwable failed() {
        return failure;
    }

    /** Ends the connection at once (after a close was sent, or to give up on it). */
    void abort() {
        closing = true;
        try {
            connection.socket().close();
        } catch (IOException alreadyGone) {
            // nothing more to tell labd
        }
        closed.complete("closed by the agent");
        outbound.add(new Outbound(-1, null, null));
    }

    private CompletableFuture<?> enqueue(int opcode, byte[] payload) {
        Throwable broken = failure;
        if (broken != null) {
            return CompletableFuture.failedFuture(broken);
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        outbound.add(new Outbound(opcode, payload, sent));
        return sent;
    }

    private void write() {
        try {
            while (true) {
                Outbound next = outbound.take();
                if (next.sent() == null) {
                    return;
                }
                if (failure != null) {
                    next.sent().completeExceptionally(failure);
                    continue;
                }
                try {
                    WebSocketFrames.write(connection.out(), next.opcode(), next.payload(), 0, next.payload().length,
                            connection.random());
                    if (outbound.isEmpty()) {
                        connection.out().flush();
                    }
                    next.sent().complete(null);
                } catch (IOException e) {
                    fail(e);
                    next.sent().completeExceptionally(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try {
            while (true) {
                WebSocketFrames.Message message = WebSocketFrames.readMessage(connection.in(), MAX_MESSAGE,
                        ping -> enqueue(WebSocketFrames.PONG, ping));
                if (message.type() == WebSocketFrames.CLOSE) {
                    String reason = message.closeReason();
                    closed.complete(message.closeCode() + (reason.isEmpty() ? "" : " " + reason));
                    if (!closing) {
                        close(message.closeCode() == 1005 ? NORMAL_CLOSURE : message.closeCode(), "");
                    }
                    return;
                }
                if (message.type() == WebSocketFrames.TEXT) {
                    listener.text(new String(message.payload(), StandardCharsets.UTF_8));
                } else {
                    listener.binary(ByteBuffer.wrap(message.payload()));
                }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        if (!closing) {
            closed.complete(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        }
        abort();
    }
}
