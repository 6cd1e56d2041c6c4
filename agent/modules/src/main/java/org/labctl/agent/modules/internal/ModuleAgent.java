package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The modules topic's work, off the connection's thread: at start, the modules recorded are put back
 * and labd is asked what it wants; then whenever labd's notice names a generation other than the one
 * last applied (and, while a module is failed, again after a pause that doubles from
 * {@link #FIRST_RETRY} to {@link #LAST_RETRY}), labd is asked again and its answer applied. The
 * coordinator (one thread, the topic's) runs these passes one after another; a notice that comes during
 * a pass queues one more, and notices while one is queued add nothing.
 */
final class ModuleAgent {

    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LAST_RETRY = Duration.ofMinutes(30);

    /** What labd wants: {@link LabdClient#desired()}. */
    interface Source {
        Desired desired() throws IOException, InterruptedException;
    }

    private final Source labd;
    private final ModuleRuntime runtime;
    private final Executor coordinator;
    private final Consumer<String> log;
    private final Clock clock;
    private final AtomicBoolean fetchQueued = new AtomicBoolean();
    /** The generation of labd's answer last applied, null before the first. */
    private volatile String applied;
    private volatile Instant retryAt;
    private Duration retryDelay = FIRST_RETRY;
    private String lastProblem;

    /** @param coordinator runs the passes, one at a time, in order */
    ModuleAgent(Source labd, ModuleRuntime runtime, Executor coordinator, Consumer<String> log, Clock clock) {
        this.labd = labd;
        this.runtime = runtime;
        this.coordinator = coordinator;
        this.log = log;
        this.clock = clock;
    }

    /** Puts back what the agent had, then asks labd. */
    void start() {
        coordinator.execute(() -> {
            try {
                runtime.recover();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queueFetch();
    }

    /** labd's notice, {@code {"generation": "..."}}: a new generation (or a retry that is due) starts a pass. */
    void notice(Object notice) {
        if (!(notice instanceof Map<?, ?> map) || !(map.get("generation") instanceof String generation)) {
            return;
        }
        Instant retry = retryAt;
        if (!generation.equals(applied) || (retry != null && !clock.instant().isBefore(retry))) {
            queueFetch();
        }
    }

    /** The report for the next heartbeat: each module's status. */
    Object report() {
        return runtime.report();
    }

    /** The generation of labd's answer last applied, or null. */
    String applied() {
        return applied;
    }

    private void queueFetch() {
        if (fetchQueued.compareAndSet(false, true)) {
            try {
                coordinator.execute(this::fetch);
            } catch (RejectedExecutionException closed) {
                fetchQueued.set(false);
            }
        }
    }

    /** Asks labd and applies its answer (on the coordinator). */
    private void fetch() {
        fetchQueued.set(false);
        Desired desired;
        try {
            desired = labd.desired();
        } catch (IOException | RuntimeException e) {
            String problem = "modules: cannot get this server's modules from labd (tried again at its next notice): "
                    + ModuleLogFile.causes(e);
            if (!problem.equals(lastProblem)) {
                log.accept(problem);
                lastProblem = problem;
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastProblem = null;
        if (!desired.generation().equals(applied)) {
            log.accept("modules: applying generation " + ModulesJson.shown(desired.generation()) + " (" + desired.modules().size()
                    + " module(s): " + desired.modules().stream().map(ModuleSpec::title).toList() + ")");
        }
        try {
            runtime.apply(desired);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        applied = desired.generation();
        if (runtime.failing()) {
            retryAt = clock.instant().plus(retryDelay);
            retryDelay = retryDelay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retryDelay.multipliedBy(2);
        } else {
            retryAt = null;
            retryDelay = FIRST_RETRY;
        }
    }
}
