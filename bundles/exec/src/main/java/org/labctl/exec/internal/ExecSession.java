package org.labctl.exec.internal;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One stream session relayed by this instance: from its client to the side that reaches the agent. */
final class ExecSession {

    final UUID id;
    final Link client;
    final Link agent;
    final String server;
    /** The audit row this instance opened, or null for a session relayed here by another instance (it audits). */
    final String auditId;
    final long startNanos = System.nanoTime();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    final AtomicBoolean finished = new AtomicBoolean();
    volatile boolean started;
    volatile boolean clientGone;

    ExecSession(UUID id, Link client, Link agent, String server, String auditId) {
        this.id = id;
        this.client = client;
        this.agent = agent;
        this.server = server;
        this.auditId = auditId;
    }

    int elapsedMs() {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
