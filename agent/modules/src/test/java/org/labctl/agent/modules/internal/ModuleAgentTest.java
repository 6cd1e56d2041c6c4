package org.labctl.agent.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the modules topic asks labd: at start, on a generation other than the one applied, and for a retry
 * while a module is failed; never twice for one queued pass. The coordinator here is a queue the test
 * runs, so that what a notice queued is seen, not waited for.
 */
class ModuleAgentTest {

    @TempDir
    Path dir;

    private final Deque<Runnable> queued = new ArrayDeque<>();
    private final AtomicReference<Object> answer = new AtomicReference<>();
    private final List<String> asked = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private ModuleRuntime runtime;

    @AfterEach
    void stopWorkers() {
        runtime.close();
    }

    @Test
    void labdIsAskedAtStartAndForEachNewGenerationOnly() {
        ModuleAgent agent = agent();
        answer.set(new Desired("g1", List.of(), null, Map.of()));

        agent.start();
        assertEquals(2, queued.size(), "putting back what the agent had, then asking labd");
        runQueued();
        assertEquals(List.of("g1"), asked);
        assertEquals("g1", agent.applied());

        agent.notice(Map.of("generation", "g1"));
        agent.notice("not a notice");
        agent.notice(Map.of("generation", 7));
        assertTrue(queued.isEmpty(), "the generation applied, or no generation: nothing to do");

        answer.set(new Desired("g2", List.of(), null, Map.of()));
        agent.notice(Map.of("generation", "g2"));
        agent.notice(Map.of("generation", "g2"));
        assertEquals(1, queued.size(), "notices while a pass is queued add none");
        runQueued();
        assertEquals(List.of("g1", "g2"), asked);
        assertEquals("g2", agent.applied());
        assertEquals(List.of(), agent.report());
    }

    @Test
    void whenLabdCannotBeReachedTheNextNoticeAsksAgainAndTheProblemIsLoggedOnce() {
        ModuleAgent agent = agent();
        answer.set(new IOException("connection refused"));
        agent.start();
        runQueued();
        agent.notice(Map.of("generation", "g1"));
        runQueued();

        assertNull(agent.applied());
        assertEquals(2, asked.size());
        assertEquals(List.of("modules: cannot get this server's modules from labd (tried again at its next notice): connection refused"), log);

        answer.set(new Desired("g1", List.of(), null, Map.of()));
        agent.notice(Map.of("generation", "g1"));
        runQueued();
        assertEquals("g1", agent.applied());
    }

    @Test
    void aFailedModuleIsTriedAgainAfterAPauseThatDoubles() {
        ModuleSpec broken = new ModuleSpec("alpha", "1.0.0", Map.of(), List.of());
        ModuleAgent agent = agent();
        answer.set(new Desired("g1", List.of(broken), null, Map.of()));
        agent.start();
        runQueued();
        assertEquals(List.of("g1"), asked);

        clock.advance(ModuleAgent.FIRST_RETRY.minusSeconds(1));
        agent.notice(Map.of("generation", "g1"));
        assertTrue(queued.isEmpty(), "not yet");
        clock.advance(Duration.ofSeconds(1));
        agent.notice(Map.of("generation", "g1"));
        runQueued();
        assertEquals(List.of("g1", "g1"), asked, "tried again after " + ModuleAgent.FIRST_RETRY);

        clock.advance(ModuleAgent.FIRST_RETRY);
        agent.notice(Map.of("generation", "g1"));
        assertTrue(queued.isEmpty(), "the pause doubled");
        clock.advance(ModuleAgent.FIRST_RETRY);
        agent.notice(Map.of("generation", "g1"));
        assertEquals(1, queued.size());
    }

    private ModuleAgent agent() {
        runtime = new ModuleRuntime(null, ModulePlaces.of(dir), (file, target) -> {
            throw new IOException("no downloads here");
        }, "web-1", ModuleRuntime.Settings.DEFAULT, line -> { }, clock);
        return new ModuleAgent(() -> {
            Object next = answer.get();
            if (next instanceof IOException e) {
                asked.add("failed");
                throw e;
            }
            Desired desired = (Desired) next;
            asked.add(desired.generation());
            return desired;
        }, runtime, queued::add, log::add, clock);
    }

    private void runQueued() {
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
