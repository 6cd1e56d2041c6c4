package org.labctl.modules.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A read of the database that many threads want at the same moment, made once for those that ask together. A caller
 * never gets what a read that began before it asked returned, so it sees every change committed before it called;
 * callers that ask while a read is in flight wait for it to end and share the one that follows. N concurrent callers
 * thus make two reads rather than N, each holding a connection of labd's pool (a fleet's agents all ask at once when a
 * module changes).
 */
final class SharedRead<T> {

    private final Supplier<T> read;
    /** The read under way, or null. */
    private CompletableFuture<T> inFlight;
    /** The read that callers who came during {@link #inFlight} wait for, not begun yet; or null. */
    private CompletableFuture<T> queued;

    SharedRead(Supplier<T> read) {
        this.read = read;
    }

    /** What a read that began after this call returns; its exception when it failed. */
    T get() {
        CompletableFuture<T> mine;
        CompletableFuture<T> before = null;
        synchronized (this) {
            if (inFlight == null) {
                mine = queued != null ? queued : new CompletableFuture<>();
                queued = null;
                inFlight = mine;
            } else {
                if (queued == null) {
                    queued = new CompletableFuture<>();
                }
                mine = queued;
                before = inFlight;
            }
        }
        if (before != null) {
            before.handle((value, failure) -> null).join();
            if (!begin(mine)) {
                return result(mine); // another of the callers who waited for it, or a newcomer, began it
            }
        }
        try {
            T value = read.get();
            end();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            end();
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Makes {@code next} the read under way unless another caller did. */
    private synchronized boolean begin(CompletableFuture<T> next) {
        if (queued != next) {
            return false;
        }
        queued = null;
        inFlight = next;
        return true;
    }

    private synchronized void end() {
        inFlight = null;
    }

    private static <T> T result(CompletableFuture<T> shared) {
        try {
            return shared.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
