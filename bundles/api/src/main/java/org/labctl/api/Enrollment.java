package org.labctl.api;

import java.util.Map;

/**
 * Answer of {@code POST /api/v1/enroll}: the agent's certificate and where its server was placed.
 *
 * @param serverId    the server's id (the agent certificate's SAN URI is {@code labctl://server/<serverId>})
 * @param name        the server name
 * @param cloud       the cloud it was placed in
 * @param environment the environment, or null
 * @param labels      its labels
 * @param certificate the agent's certificate in PEM
 * @param ca          labd's root CA in PEM
 */
public record Enrollment(String serverId, String name, String cloud, String environment, Map<String, String> labels,
                         String certificate, String ca) {
}
