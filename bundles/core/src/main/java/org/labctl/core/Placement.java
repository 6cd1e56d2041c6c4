package org.labctl.core;

/**
 * Where a resource is: its cloud and its environment ({@link org.labctl.api.Permission#NO_ENVIRONMENT}
 * when it is in none), the first two segments of its address {@code action:cloud:environment:name}.
 *
 * @param cloud       the cloud's name
 * @param environment the environment's name, or {@code -}
 */
public record Placement(String cloud, String environment) {
}
