package org.labctl.api;

import java.util.Map;

/**
 * A message on the agent WebSocket ({@code wss://labd/agent}), JSON, one per text frame.
 * The agent sends {@code heartbeat} on connect and every 10 s; labd answers each with {@code ack}.
 *
 * @param type         {@code heartbeat} or {@code ack}
 * @param agentVersion the agent's version (heartbeat)
 * @param facts        what the agent knows of its machine (heartbeat): hostname, os, kernel,
 *                     architecture, cpus, memoryBytes, uptimeSeconds, addresses, macs
 * @param serverTime   labd's clock, ISO-8601 (ack)
 */
public record AgentFrame(String type, String agentVersion, Map<String, Object> facts, String serverTime) {

    public static final String HEARTBEAT = "heartbeat";
    public static final String ACK = "ack";

    public static AgentFrame heartbeat(String agentVersion, Map<String, Object> facts) {
        return new AgentFrame(HEARTBEAT, agentVersion, facts, null);
    }

    public static AgentFrame ack(String serverTime) {
        return new AgentFrame(ACK, null, null, serverTime);
    }
}
