package org.labctl.api;

/**
 * An environment of a cloud (lab, staging, prod…): the middle segment of every permission.
 *
 * @param name        the environment's name, unique within its cloud
 * @param cloud       the cloud it belongs to
 * @param description free text, or null
 * @param servers     how many servers are in it
 * @param createdAt   ISO-8601
 */
public record EnvironmentInfo(String name, String cloud, String description, int servers, String createdAt) {
}
