package org.labctl.agent.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kills a process and everything below it: TERM to the whole tree, then KILL to whatever is still
 * alive after a grace period. The tree is collected before the first signal, because a child whose
 * parent dies is re-parented and no longer shows up among the root's descendants.
 */
final class ProcessTree {

    private static final long POLL_MILLIS = 20;

    private ProcessTree() {
    }

    /**
     * Terminates the tree under {@code root} and waits until it is gone or KILL has been sent and a
     * second grace period passed (a zombie whose parent never reaps it counts as gone to the caller).
     *
     * @return whether KILL was needed
     */
    static boolean kill(ProcessHandle root, Duration grace) throws InterruptedException {
        Set<ProcessHandle> tree = collect(List.of(root));
        tree.forEach(ProcessHandle::destroy);
        if (awaitGone(tree, grace)) {
            return false;
        }
        List<ProcessHandle> alive = tree.stream().filter(ProcessTree::running).collect(Collectors.toList());
        Set<ProcessHandle> rest = collect(alive);
        rest.forEach(ProcessHandle::destroyForcibly);
        awaitGone(rest, grace);
        return true;
    }

    /** The roots and all their descendants, roots first. */
    private static Set<ProcessHandle> collect(List<ProcessHandle> roots) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            tree.add(root);
            root.descendants().forEach(tree::add);
        }
        return tree;
    }

    /**
     * Polls until none of the processes runs or the grace period ends. Polling rather than
     * {@code onExit()}, which never completes for a zombie whose new parent does not reap it (PID 1
     * in some containers): such a process is dead for every purpose here.
     */
    private static boolean awaitGone(Set<ProcessHandle> processes, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            if (processes.stream().noneMatch(ProcessTree::running)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Alive and not a zombie (Linux: state Z or X in /proc/PID/stat). */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException | UncheckedIOException e) {
            return process.isAlive();
        }
    }
}
