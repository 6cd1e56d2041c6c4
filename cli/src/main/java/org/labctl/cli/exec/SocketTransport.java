package org.labctl.cli.exec;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.labctl.api.Http1Connection;
import org.labctl.api.WebSocketFrames;

/**
 * {@link ExecTransport} as a WebSocket client (RFC 6455) on a blocking socket, which
 * {@link org.labctl.api.Http1Connection#upgrade} has upgraded. One thread reads
 * labd's messages and hands each to the receiver; one thread writes labctl's frames in the order
 * they were queued; nothing else runs.
 *
 * <p>Why not the JDK's {@link java.net.http.WebSocket}: labctl used it until bench/exec showed that
 * its non-blocking TLS reader copies and hands each record between threads, so that labctl spent 6
 * seconds of CPU to receive 1 GiB, more than labd and the agent together. A blocking
 * {@link javax.net.ssl.SSLSocket} decrypts in the thread that reads; this transport costs a fraction
 * of that (README, "Benchmarks").
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
    /** The largest message labctl takes from labd; labd's data frames are at most 32 KiB and a header. */
    static final int MAX_MESSAGE = 4 << 20;
    private static final byte[] NO_BYTES = new byte[0];
    /** Tells the writer to stop after what is queued before it. */
    private static final Outbound END = new Outbound(-1, NO_BYTES);

    private record Outbound(int opcode, byte[] payload) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Receiver receiver;
    private final SecureRandom random;
    private final BlockingQueue<Outbound> outbound = new LinkedBlockingQueue<>();
    private final Semaphore demand = new Semaphore(INITIAL_DEMAND);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "labctl-exec-ping");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread reader;
    private final Thread writer;

    private SocketTransport(Socket socket, DataInputStream in, OutputStream out, Receiver receiver, SecureRandom random) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.receiver = receiver;
        this.random = random;
        this.reader = new Thread(this::read, "labctl-exec-read");
        this.writer = new Thread(this::write, "labctl-exec-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
    }

    /** Starts reading and writing on a connection labd has upgraded. */
    public static SocketTransport start(Http1Connection.Upgraded connection, Receiver receiver) {
        SocketTransport transport = new SocketTransport(connection.socket(), connection.in(), connection.out(), receiver,
                connection.random());
        transport.reader.start();
        transport.writer.start();
        long every = PING_INTERVAL.toMillis();
        transport.pinger.scheduleWithFixedDelay(transport::ping, every, every, TimeUnit.MILLISECONDS);
        return transport;
    }

    @Override
    public void sendText(String json) {
        enqueue(WebSocketFrames.TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        enqueue(WebSocketFrames.BINARY, bytes);
    }

    @Override
    public void request(long messages) {
        demand.release((int) Math.min(messages, Integer.MAX_VALUE / 2));
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        pinger.shutdownNow();
        // a normal closure (1000), then nothing more
        outbound.add(new Outbound(WebSocketFrames.CLOSE, new byte[] {0x03, (byte) 0xE8}));
        outbound.add(END);
        try {
            writer.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSocket();
            // a reader waiting for demand goes on, finds the socket closed and ends
            demand.release(Integer.MAX_VALUE / 2);
        }
    }

    private void ping() {
        if (broken.get() || closing.get()) {
            pinger.shutdown();
            return;
        }
        enqueue(WebSocketFrames.PING, NO_BYTES);
    }

    private void enqueue(int opcode, byte[] payload) {
        if (!closing.get()) {
            outbound.add(new Outbound(opcode, payload));
        }
    }

    private void read() {
        try {
            demand.acquire();
            while (true) {
                WebSocketFrames.Message message = WebSocketFrames.readMessage(in, MAX_MESSAGE,
                        ping -> enqueue(WebSocketFrames.PONG, ping));
                if (message.type() == WebSocketFrames.CLOSE) {
                    if (!closing.get() && !broken.get()) {
                        pinger.shutdown();
                        receiver.closed(message.closeCode(), message.closeReason());
                    }
                    // echo the close (RFC 6455 §5.5.1); the caller's close() ends the connection
                    byte[] payload = message.payload();
                    enqueue(WebSocketFrames.CLOSE, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : NO_BYTES);
                    return;
                }
                if (closing.get()) {
                    return;
                }
                if (message.type() == WebSocketFrames.TEXT) {
                    receiver.text(new String(message.payload(), StandardCharsets.UTF_8));
                } else {
                    receiver.binary(ByteBuffer.wrap(message.payload()));
                }
                demand.acquire();
            }
        } catch (IOException failure) {
            fail(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        try {
            while (true) {
                Outbound next = outbound.take();
                if (next == END) {
                    out.flush();
                    return;
                }
                WebSocketFrames.write(out, next.opcode(), next.payload(), 0, next.payload().length, random);
                if (outbound.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException failure) {
            fail(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(Throwable failure) {
        if (!closing.get() && broken.compareAndSet(false, true)) {
            pinger.shutdown();
            receiver.failed(failure);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // nothing more to tell labd
        }
    }
}
