package org.labctl.api;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends WebSocket messages from any number of threads, in call order, without blocking the caller
 * ({@link BlockingWebSocket}). A failed send fails every later one
 * (the connection is broken), so callers learn it from {@link #failed()}. Nothing grows without
 * bound as long as the senders respect the exec flow-control windows ({@link ExecProtocol}).
 */
public interface MessageSender {

    /** Queues a text message; the returned stage completes once it is sent. */
    CompletableFuture<?> text(String message);

    /** Queues a binary message (the buffer belongs to the sender from now on). */
    CompletableFuture<?> binary(ByteBuffer message);

    /** Queues a close after everything queued before it. */
    CompletableFuture<?> close(int code, String reason);

    /** Why a send failed, or null while every send succeeded. */
    Throwable failed();
}
