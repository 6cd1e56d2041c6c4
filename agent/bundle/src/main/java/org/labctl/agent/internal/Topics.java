package org.labctl.agent.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.labctl.api.session.AgentTopic;

/**
 * The agent topics of this runtime ({@link AgentTopic} services of its handler bundles): their
 * reports go out with each heartbeat, labd's notices come back to them. A topic that fails is
 * logged and leaves the others, and the connection, alone.
 */
final class Topics {

    private final Map<String, AgentTopic> topics = new ConcurrentHashMap<>();
    /** Completed when a topic asks for a heartbeat now ({@link #changed}), then replaced by a new one. */
    private final AtomicReference<CompletableFuture<Void>> change = new AtomicReference<>(new CompletableFuture<>());
    private final AgentConnection.Log log;

    Topics(AgentConnection.Log log) {
        this.log = log;
    }

    void add(AgentTopic topic) {
        topics.put(topic.name(), topic);
    }

    void remove(AgentTopic topic) {
        topics.remove(topic.name(), topic);
    }

    /**
     * What completes when a topic next asks for a heartbeat. Take it before the reports of a heartbeat, so that a
     * change after them is never missed.
     */
    CompletableFuture<Void> nextChange() {
        return change.get();
    }

    /** A topic's report changed: the next heartbeat is due now ({@link org.labctl.api.session.AgentHeartbeat#soon}). */
    void changed() {
        change.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /** Each topic's report for the next heartbeat. */
    Map<String, Object> reports() {
        Map<String, Object> reports = new TreeMap<>();
        topics.forEach((name, topic) -> {
            try {
                Object report = topic.report();
                if (report != null) {
                    reports.put(name, report);
                }
            } catch (RuntimeException e) {
                log.info("topic " + name + " has no report: " + e);
            }
        });
        return reports;
    }

    /** Hands labd's notices to their topics; notices for topics this runtime lacks are dropped. */
    void notices(Map<String, Object> notices) {
        if (notices == null) {
            return;
        }
        notices.forEach((name, notice) -> {
            AgentTopic topic = topics.get(name);
            if (topic != null) {
                try {
                    topic.notice(notice);
                } catch (RuntimeException e) {
                    log.info("topic " + name + " failed on labd's notice: " + e);
                }
            }
        });
    }
}
