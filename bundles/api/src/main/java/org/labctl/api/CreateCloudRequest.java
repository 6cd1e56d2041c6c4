package org.labctl.api;

/**
 * Body of {@code POST /api/v1/clouds}.
 *
 * @param name        lower-case letters, digits and '-', at most 63, starting and ending alphanumeric
 * @param kind        what it is; null for the name itself
 * @param description free text, or null
 */
public record CreateCloudRequest(String name, String kind, String description) {
}
