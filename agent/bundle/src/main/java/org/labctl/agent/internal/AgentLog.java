package org.labctl.agent.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The agent's log: one line per event on standard output, where systemd's journal (or
 * {@code ./lab up}'s log file) picks it up. No logging framework: the agent stays small.
 */
final class AgentLog {

    private AgentLog() {
    }

    static void info(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " lab-agent: " + message);
    }
}
