package org.labctl.api;

import java.util.Map;

/**
 * A server with everything labd knows about it.
 *
 * @param server                the server as listed
 * @param facts                 what its agent reported last (OS, kernel, CPUs, memory, addresses…)
 * @param enrolledAt            ISO-8601, or null
 * @param enrolledWithToken     id of the join token it enrolled with, or null
 * @param certificateSerial     serial of the agent's current certificate, or null
 * @param certificateNotAfter   its expiry, ISO-8601, or null
 */
public record ServerDetail(ServerInfo server, Map<String, Object> facts, String enrolledAt, String enrolledWithToken,
                           String certificateSerial, String certificateNotAfter) {
}
