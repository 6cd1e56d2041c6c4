package org.labctl.api;

/**
 * A cloud: where servers run ({@code baremetal} for machines labctl provisions itself, or a provider).
 *
 * @param name         the cloud's name
 * @param kind         what it is ({@code baremetal}, {@code aws}, {@code hetzner}, …)
 * @param description  free text, or null
 * @param environments how many environments it has
 * @param servers      how many servers are in it
 * @param createdAt    ISO-8601
 */
public record CloudInfo(String name, String kind, String description, int environments, int servers, String createdAt) {
}
