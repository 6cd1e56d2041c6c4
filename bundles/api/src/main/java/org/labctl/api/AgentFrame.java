package org.labctl.api;

import java.util.Map;

/**
 * A message on the agent WebSocket ({@code wss://labd/agent}), JSON, one per text frame.
 * The agent sends {@code heartbeat} on connect and every 10 s; labd answers each with {@code ack}
 * and may send a {@code notice} at any time. Reports and notices are keyed by topic: a topic is
 * what an agent-side bundle ({@link org.labctl.api.session.AgentTopic}) and its labd-side bundle
 * tell each other ({@code modules}: the modules' states one way, the generation of their desired
 * state the other); the agent core and exec carry them without knowing them.
 *
 * @param type         {@code heartbeat}, {@code ack} or {@code notice}
 * @param agentVersion the agent's version (heartbeat)
 * @param facts        what the agent knows of its machine (heartbeat): hostname, os, kernel,
 *                     architecture, cpus, memoryBytes, uptimeSeconds, addresses, macs
 * @param serverTime   labd's clock, ISO-8601 (ack)
 * @param reports      each topic's report (heartbeat), or null
 * @param notices      what labd tells each topic (ack, notice), or null
 */
public record AgentFrame(String type, String agentVersion, Map<String, Object> facts, String serverTime,
                         Map<String, Object> reports, Map<String, Object> notices) {

    public static final String HEARTBEAT = "heartbeat";
    public static final String ACK = "ack";
    public static final String NOTICE = "notice";

    public static AgentFrame heartbeat(String agentVersion, Map<String, Object> facts, Map<String, Object> reports) {
        return new AgentFrame(HEARTBEAT, agentVersion, facts, null, reports == null || reports.isEmpty() ? null : reports, null);
    }

    public static AgentFrame ack(String serverTime, Map<String, Object> notices) {
        return new AgentFrame(ACK, null, null, serverTime, null, notices == null || notices.isEmpty() ? null : notices);
    }

    public static AgentFrame notice(Map<String, Object> notices) {
        return new AgentFrame(NOTICE, null, null, null, null, notices);
    }
}
