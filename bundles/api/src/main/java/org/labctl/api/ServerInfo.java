package org.labctl.api;

import java.util.Map;

/**
 * A managed machine.
 *
 * @param name         the server name
 * @param id           its id (the agent certificate's SAN URI is {@code labctl://server/<id>})
 * @param cloud        its cloud
 * @param environment  its environment, or null
 * @param role         its role (worker, infra…), or null
 * @param status       {@code Ready} (heartbeats arrive), {@code NotReady} (they stopped) or {@code Revoked}
 * @param lastSeen     last heartbeat, ISO-8601, or null
 * @param agentVersion the agent's version, or null
 * @param hostname     the machine's host name
 * @param mac          its MAC address, or null
 * @param labels       its labels
 */
public record ServerInfo(String name, String id, String cloud, String environment, String role, String status,
                         String lastSeen, String agentVersion, String hostname, String mac, Map<String, String> labels) {
}
