package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.labctl.api.ServerInfo;

/** The agents' servers looked up for their modules: a row each when few ask, one read of all when a fleet does. */
class ServerLookupTest {

    private static ServerInfo server(int i) {
        return new ServerInfo("web-" + i, "id-" + i, "lab", null, "worker", "Ready", null, null, "web-" + i, null,
                Map.of("role", "worker"));
    }

    @Test
    void aFleetAskingAtOnceHoldsAFewConnectionsNotOneEach() throws Exception {
        int agents = 100;
        List<ServerInfo> fleet = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            fleet.add(server(i));
        }
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger mostInUse = new AtomicInteger();
        AtomicInteger rowReads = new AtomicInteger();
        AtomicInteger fullReads = new AtomicInteger();
        CountDownLatch allAsking = new CountDownLatch(agents);
        ServerLookup lookup = new ServerLookup(id -> {
            rowReads.incrementAndGet();
            return hold(inUse, mostInUse, allAsking, () -> fleet.stream().filter(s -> s.id().equals(id)).findFirst());
        }, () -> {
            fullReads.incrementAndGet();
            return hold(inUse, mostInUse, allAsking, () -> fleet);
        });
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            List<Future<Optional<ServerInfo>>> answers = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                String id = "id-" + i;
                answers.add(pool.submit(() -> {
                    allAsking.countDown();
                    return lookup.withId(id);
                }));
            }
            for (int i = 0; i < agents; i++) {
                assertEquals("web-" + i, answers.get(i).get(10, TimeUnit.SECONDS).orElseThrow().name());
            }
        } finally {
            pool.shutdownNow();
        }
        // each read holds a connection: at most SHARE_BEYOND row reads and the shared read of all at once
        assertTrue(mostInUse.get() <= ServerLookup.SHARE_BEYOND + 1, "connections held at once: " + mostInUse.get());
        assertTrue(rowReads.get() + fullReads.get() < agents / 4, rowReads + " row reads, " + fullReads + " reads of all");
    }

    @Test
    void oneAtATimeReadsItsRowAndFindsADeletedServerMissing() {
        AtomicInteger fullReads = new AtomicInteger();
        ServerLookup lookup = new ServerLookup(id -> id.equals("id-1") ? Optional.of(server(1)) : Optional.empty(), () -> {
            fullReads.incrementAndGet();
            return List.of(server(1));
        });
        assertEquals("web-1", lookup.withId("id-1").orElseThrow().name());
        assertTrue(lookup.withId("id-2").isEmpty());
        assertEquals(0, fullReads.get(), "no read of every server for one agent");
    }

    /** A read that holds its connection until every agent has asked (the database is slow to answer). */
    private static <T> T hold(AtomicInteger inUse, AtomicInteger mostInUse, CountDownLatch allAsking,
                              java.util.function.Supplier<T> read) {
        mostInUse.accumulateAndGet(inUse.incrementAndGet(), Math::max);
        try {
            allAsking.await(5, TimeUnit.SECONDS);
            Thread.sleep(20);
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inUse.decrementAndGet();
        }
    }
}
