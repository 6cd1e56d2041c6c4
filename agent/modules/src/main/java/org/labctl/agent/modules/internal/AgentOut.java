package org.labctl.agent.modules.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The agent's log as a handler bundle reaches it: standard output, in the agent's line format, which is
 * the journal under systemd (and {@code agent.log} under {@code ./lab up}).
 */
final class AgentOut {

    private AgentOut() {
    }

    static void info(String message) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " lab-agent: " + message);
    }
}
