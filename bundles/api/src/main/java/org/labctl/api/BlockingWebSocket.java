package org.labctl.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket client (RFC 6455) on a connection {@link Http1Connection#upgrade} upgraded: one
 * thread reads labd's messages and hands each to the {@link Listener}, one writes this side's
 * messages in the order they were queued. labctl's exec stream, the agent's socket and a labd
 * instance's link to another all use it. It replaced the JDK's WebSocket client, whose non-blocking
 * TLS hands every record between threads: a blocking socket decrypts in the thread that reads
 * (bench/exec measured the CPU each side spends per GiB).
 *
 * <p>Sends never block: messages queue for the writer, and the exec windows bound how much can
 * queue ({@link ExecProtocol}). Reads follow demand ({@link #request}), a fixed number of messages
 * ahead: a listener that asks only as fast as it consumes stops the reader, and TCP then slows the
 * other side down instead of this side's memory filling up. An optional ping keeps a quiet
 * connection open through firewalls and finds out when it is gone.
 *
 * <p>The listener hears at most one of {@link Listener#closed} and {@link Listener#failed}, and
 * neither once this side began to close or aborted.
 */
public final class BlockingWebSocket implements MessageSender {

    /** What to do with the other side's messages; called on the reader thread, in order. */
    public interface Listener {

        void text(String message);

        void binary(ByteBuffer message);

        /** The other side closed the connection with this code (1005: none) and reason. */
        void closed(int code, String reason);

        /** The connection broke. */
        void failed(Throwable error);
    }

    /** The largest message read: labd's data frames ({@link ExecProtocol#MAX_PAYLOAD} and a header) with room. */
    public static final int MAX_MESSAGE = 4 << 20;
    /** Demand that never runs out: for listeners that never fall behind. */
    public static final int UNBOUNDED = Integer.MAX_VALUE / 2;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int NO_STATUS = 1005;
    private static final byte[] NO_BYTES = new byte[0];
    /** Tells the writer to stop after what is queued before it. */
    private static final Outbound END = new Outbound(-1, NO_BYTES, null);

    private record Outbound(int opcode, byte[] payload, CompletableFuture<Void> sent) {
    }

    private final Http1Connection.Upgraded connection;
    private final Listener listener;
    private final BlockingQueue<Outbound> outbound = new LinkedBlockingQueue<>();
    private final Semaphore demand;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean heard = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Thread reader;
    private final Thread writer;
    private final Thread pinger;
    private volatile Throwable failure;

    private BlockingWebSocket(Http1Connection.Upgraded connection, Listener listener, String name, int demand,
            Duration ping) {
        this.connection = connection;
        this.listener = listener;
        this.demand = new Semaphore(demand);
        this.reader = daemon(this::read, name + "-read");
        this.writer = daemon(this::write, name + "-write");
        this.pinger = ping == null ? null : daemon(() -> ping(ping), name + "-ping");
    }

    /**
     * Starts reading and writing.
     *
     * @param name   the threads' name prefix
     * @param demand how many messages the listener takes before it {@link #request requests} more
     *               ({@link #UNBOUNDED}: it never has to)
     * @param ping   how often to ping the other side, or null for never
     */
    public static BlockingWebSocket start(Http1Connection.Upgraded connection, Listener listener, String name,
            int demand, Duration ping) {
        BlockingWebSocket socket = new BlockingWebSocket(connection, listener, name, demand, ping);
        socket.reader.start();
        socket.writer.start();
        if (socket.pinger != null) {
            socket.pinger.start();
        }
        return socket;
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

    /** Queues a close after everything queued before it; once it is sent, the connection ends. */
    @Override
    public CompletableFuture<?> close(int code, String reason) {
        CompletableFuture<?> sent = enqueue(WebSocketFrames.CLOSE, closePayload(code, reason));
        closing.set(true);
        return sent.whenComplete((ignored, error) -> abort());
    }

    /**
     * Closes normally: a close (1000) after what is queued, then waits up to {@code wait} for it to
     * leave, and ends the connection.
     */
    public void close(Duration wait) {
        CompletableFuture<?> sent = close(NORMAL_CLOSURE, "");
        try {
            sent.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception notSent) {
            // ends all the same
        } finally {
            abort();
        }
    }

    @Override
    public Throwable failed() {
        return failure;
    }

    /** Whether nothing closed or broke the connection yet. */
    public boolean isOpen() {
        return !closing.get() && failure == null && !connection.socket().isClosed();
    }

    /** Lets the reader take {@code messages} more. */
    public void request(long messages) {
        if (demand.availablePermits() < UNBOUNDED) {
            demand.release((int) Math.min(messages, UNBOUNDED));
        }
    }

    /** Ends the connection at once; the listener hears nothing more. */
    public void abort() {
        closing.set(true);
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.socket().close();
        } catch (IOException alreadyGone) {
            // nothing more to tell the other side
        }
        outbound.add(END);
        // a reader waiting for demand goes on, finds the socket closed and ends
        demand.release(1);
        if (pinger != null) {
            pinger.interrupt();
        }
    }

    private CompletableFuture<?> enqueue(int opcode, byte[] payload) {
        Throwable broken = failure;
        if (broken != null) {
            return CompletableFuture.failedFuture(broken);
        }
        if (closing.get()) {
            return CompletableFuture.failedFuture(new IOException("the WebSocket is closing"));
        }
        CompletableFuture<Void> sent = new CompletableFuture<>();
        outbound.add(new Outbound(opcode, payload, sent));
        return sent;
    }

    private void write() {
        try {
            while (true) {
                Outbound next = outbound.take();
                if (next == END) {
                    return;
                }
                Throwable broken = failure;
                if (broken != null) {
                    next.sent().completeExceptionally(broken);
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
                demand.acquire();
                WebSocketFrames.Message message = WebSocketFrames.readMessage(connection.in(), MAX_MESSAGE,
                        ping -> enqueue(WebSocketFrames.PONG, ping));
                if (message.type() == WebSocketFrames.CLOSE) {
                    if (!closing.get() && heard.compareAndSet(false, true)) {
                        listener.closed(message.closeCode(), message.closeReason());
                    }
                    if (!closing.get()) {
                        // echo the close (RFC 6455 §5.5.1), then end the connection
                        close(message.closeCode() == NO_STATUS ? NORMAL_CLOSURE : message.closeCode(), "");
                    }
                    return;
                }
                if (closing.get()) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ping(Duration every) {
        try {
            while (isOpen()) {
                Thread.sleep(every.toMillis());
                if (isOpen()) {
                    enqueue(WebSocketFrames.PING, NO_BYTES);
                }
            }
        } catch (InterruptedException stopped) {
            // the connection ended
        }
    }

    private void fail(Throwable error) {
        if (failure == null) {
            failure = error;
        }
        if (!closing.get() && heard.compareAndSet(false, true)) {
            listener.failed(error);
        }
        abort();
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return payload;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
