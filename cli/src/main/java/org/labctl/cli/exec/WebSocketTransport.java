package org.labctl.cli.exec;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link ExecTransport} over the JDK's WebSocket client ({@link org.labctl.cli.LabdClient#openExec}
 * connects it). The JDK allows one send at a time, so sends are chained in call order; messages that
 * arrive in parts are joined; and labd's messages are let in only as fast as the receiver asks for
 * them ({@link WebSocket#request}), {@link #INITIAL_DEMAND} ahead, so that a slow reader of labctl's
 * output slows labd down instead of filling labctl's memory.
 *
 * <p>A ping goes out every {@link #PING_INTERVAL}: it keeps a connection that carries nothing for a
 * while (a quiet command) open through firewalls and proxies, and a ping that cannot be sent tells
 * labctl the connection is gone. Java 17's client can miss the end of a connection that labd closes
 * while a message is being delivered (its RawChannelTube closes the socket under itself, fixed in
 * later JDKs), and would then wait forever without this.
 */
public final class WebSocketTransport implements ExecTransport, WebSocket.Listener {

    /** Messages labd may send before the receiver asks for more. */
    static final int INITIAL_DEMAND = 8;
    /** How long {@link #close()} waits for queued frames, such as a last {@code abort}, to leave. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** How often labctl pings labd. */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);

    private final Receiver receiver;
    private final Object sendOrder = new Object();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final StringBuilder textParts = new StringBuilder();
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "labctl-exec-ping");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    public WebSocketTransport(Receiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(INITIAL_DEMAND);
        long every = PING_INTERVAL.toMillis();
        pinger.scheduleWithFixedDelay(this::ping, every, every, TimeUnit.MILLISECONDS);
    }

    private void ping() {
        if (broken.get() || closing.get()) {
            pinger.shutdown();
            return;
        }
        enqueue(() -> socket.sendPing(ByteBuffer.allocate(0)));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        textParts.append(data);
        if (!last) {
            // a part is not a message: the demand it used is given back at once
            webSocket.request(1);
            return null;
        }
        String message = textParts.toString();
        textParts.setLength(0);
        receiver.text(message);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binaryParts.write(bytes, 0, bytes.length);
        if (!last) {
            webSocket.request(1);
            return null;
        }
        ByteBuffer message = ByteBuffer.wrap(binaryParts.toByteArray());
        binaryParts.reset();
        receiver.binary(message);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing.get()) {
            receiver.closed(statusCode, reason);
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail(error);
    }

    @Override
    public void sendText(String json) {
        enqueue(() -> socket.sendText(json, true));
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        enqueue(() -> socket.sendBinary(frame, true));
    }

    @Override
    public void request(long messages) {
        socket.request(messages);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        pinger.shutdownNow();
        CompletableFuture<?> closed;
        synchronized (sendOrder) {
            closed = lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
        try {
            closed.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException alreadyBroken) {
            // labd is gone or slow: there is nothing more to tell it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.abort();
        }
    }

    private void enqueue(Supplier<CompletableFuture<WebSocket>> send) {
        synchronized (sendOrder) {
            lastSend = lastSend.thenCompose(ignored -> send.get());
            lastSend.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    fail(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                }
            });
        }
    }

    private void fail(Throwable failure) {
        if (!closing.get() && broken.compareAndSet(false, true)) {
            pinger.shutdown();
            receiver.failed(failure);
        }
    }
}
