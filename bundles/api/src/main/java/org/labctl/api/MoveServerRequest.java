package org.labctl.api;

/**
 * {@code POST /api/v1/servers/{name}/move}: where a server goes.
 *
 * @param environment the destination environment (required)
 * @param cloud       the destination's cloud, or null for the server's own cloud
 */
public record MoveServerRequest(String environment, String cloud) {
}
