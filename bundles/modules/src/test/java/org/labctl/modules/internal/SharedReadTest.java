package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The modules' generation read for many agents at once: shared, and never older than the caller's question. */
class SharedReadTest {

    /** A read that blocks until released, numbered: the value is the read's number. */
    private static final class SlowRead implements Supplier<Integer> {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile RuntimeException failure;

        @Override
        public Integer get() {
            int number = reads.incrementAndGet();
            firstStarted.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS), "released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RuntimeException failing = failure;
            if (failing != null) {
                throw failing;
            }
            return number;
        }
    }

    /** A caller's thread and what it got. */
    private static final class Caller {
        final AtomicReference<Object> got = new AtomicReference<>();
        final Thread thread;

        Caller(SharedRead<Integer> shared) {
            thread = new Thread(() -> {
                try {
                    got.set(shared.get());
                } catch (RuntimeException e) {
                    got.set(e);
                }
            });
            thread.start();
        }
    }

    /** Waits until each thread waits (parked in the shared read), with a deadline. */
    private static void awaitWaiting(List<Caller> callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Caller caller : callers) {
            while (caller.thread.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the callers to wait for the read under way");
                Thread.sleep(5);
            }
        }
    }

    @Test
    void callersThatAskDuringAReadShareTheNextOneNotTheOneUnderWay() throws Exception {
        SlowRead read = new SlowRead();
        SharedRead<Integer> shared = new SharedRead<>(read);
        Caller first = new Caller(shared);
        assertTrue(read.firstStarted.await(10, TimeUnit.SECONDS));
        List<Caller> others = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            others.add(new Caller(shared));
        }
        awaitWaiting(others);
        read.release.countDown();
        first.thread.join(10_000);
        assertEquals(1, first.got.get());
        for (Caller caller : others) {
            caller.thread.join(10_000);
            // read 1 began before they asked: what it saw may predate a change committed since; read 2 did not
            assertEquals(2, caller.got.get());
        }
        assertEquals(2, read.reads.get(), "50 callers at once, 2 reads");
    }

    @Test
    void aFailedReadFailsEveryCallerSharingItAndTheNextCallReadsAgain() throws Exception {
        SlowRead read = new SlowRead();
        SharedRead<Integer> shared = new SharedRead<>(read);
        Caller first = new Caller(shared);
        assertTrue(read.firstStarted.await(10, TimeUnit.SECONDS));
        List<Caller> others = List.of(new Caller(shared), new Caller(shared), new Caller(shared));
        awaitWaiting(others);
        IllegalStateException down = new IllegalStateException("the database is not reachable");
        read.failure = down;
        read.release.countDown();
        first.thread.join(10_000);
        assertSame(down, first.got.get());
        for (Caller caller : others) {
            caller.thread.join(10_000);
            assertSame(down, caller.got.get());
        }
        read.failure = null;
        assertEquals(3, shared.get(), "not a cache: a later call reads again");
    }

    @Test
    void callsOneAfterAnotherEachRead() {
        AtomicInteger reads = new AtomicInteger();
        SharedRead<Integer> shared = new SharedRead<>(reads::incrementAndGet);
        assertEquals(1, shared.get());
        assertEquals(2, shared.get());
        assertEquals(3, shared.get());
        assertThrows(IllegalStateException.class, () -> new SharedRead<Integer>(() -> {
            throw new IllegalStateException("down");
        }).get());
    }
}
