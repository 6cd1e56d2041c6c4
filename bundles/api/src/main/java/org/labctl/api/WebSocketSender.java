package org.labctl.api;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends on a {@link java.net.http.WebSocket} from any number of threads, in call order. The JDK's
 * WebSocket allows one outstanding send at a time and throws otherwise; this chains each message
 * after the previous one. A failed send fails every later one (the socket is broken), so callers
 * learn it from {@link #failed()}. Nothing grows without bound as long as the senders respect the
 * exec flow-control windows ({@link ExecProtocol}).
 */
public final class WebSocketSender implements MessageSender {

    private final WebSocket socket;
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile Throwable failure;

    public WebSocketSender(WebSocket socket) {
        this.socket = socket;
    }

    /** Queues a text message; the returned stage completes once it is sent. */
    @Override
    public synchronized CompletableFuture<?> text(String message) {
        return chain(() -> socket.sendText(message, true));
    }

    /** Queues a binary message (the buffer belongs to the sender from now on). */
    @Override
    public synchronized CompletableFuture<?> binary(ByteBuffer message) {
        return chain(() -> socket.sendBinary(message, true));
    }

    /** Queues a close after everything queued before it. */
    @Override
    public synchronized CompletableFuture<?> close(int code, String reason) {
        return chain(() -> socket.sendClose(code, reason));
    }

    /** Why a send failed, or null while every send succeeded. */
    @Override
    public Throwable failed() {
        return failure;
    }

    private CompletableFuture<?> chain(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<?> next = tail.thenCompose(ignored -> send.get());
        next.whenComplete((ignored, error) -> {
            if (error != null && failure == null) {
                failure = error;
            }
        });
        tail = next.exceptionally(error -> null);
        return next;
    }
}
