package org.labctl.cli.exec;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.labctl.api.BlockingWebSocket;
import org.labctl.api.Http1Connection;

/**
 * {@link ExecTransport} on a {@link BlockingWebSocket}, on a connection
 * {@link org.labctl.api.Http1Connection#upgrade} has upgraded.
 *
 * <p>Why not the JDK's {@link java.net.http.WebSocket}: labctl used it until bench/exec showed that
 * its non-blocking TLS reader copies and hands each record between threads, so that labctl spent 6
 * seconds of CPU to receive 1 GiB, more than labd and the agent together. A blocking
 * {@link javax.net.ssl.SSLSocket} decrypts in the thread that reads (README, "Benchmarks").
 *
 * <p>labd's messages are read only as fast as the receiver asks for them ({@link #request}),
 * {@link #INITIAL_DEMAND} ahead: a slow reader of labctl's output stops this transport reading, and
 * TCP then slows labd down, instead of labctl's memory filling up. A ping goes out every
 * {@link #PING_INTERVAL}, which keeps a quiet connection open through firewalls and finds out when
 * it is gone.
 */
public final class SocketTransport implements ExecTransport {

    /** Messages labd may send before the receiver asks for more. */
    public static final int INITIAL_DEMAND = 8;
    /** How long {@link #close()} waits for queued frames, such as a last {@code abort}, to leave. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** How often labctl pings labd. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    private final BlockingWebSocket socket;

    private SocketTransport(BlockingWebSocket socket) {
        this.socket = socket;
    }

    /** Starts reading and writing on a connection labd has upgraded. */
    public static SocketTransport start(Http1Connection.Upgraded connection, Receiver receiver) {
        return new SocketTransport(BlockingWebSocket.start(connection, receiver, "labctl-exec", INITIAL_DEMAND,
                PING_INTERVAL));
    }

    @Override
    public void sendText(String json) {
        socket.text(json);
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        socket.binary(frame);
    }

    @Override
    public void request(long messages) {
        socket.request(messages);
    }

    @Override
    public void close() {
        socket.close(CLOSE_WAIT);
    }
}
