package org.labctl.api;

import java.util.Map;

/**
 * A join token as listed (its secret is never shown again after creation).
 *
 * @param id          the token's id, the part of the token before the secret
 * @param kind        {@code one-time} or {@code reusable}
 * @param usesLeft    enrollments it still admits, or null when unlimited
 * @param uses        enrollments it admitted so far
 * @param expiresAt   ISO-8601, or null
 * @param cloud       where enrolled servers go
 * @param environment where enrolled servers go, or null
 * @param labels      labels of enrolled servers
 * @param mac         the MAC address it is bound to, or null
 * @param description free text, or null
 * @param state       {@code active}, {@code expired}, {@code used-up} or {@code revoked}
 * @param createdBy   who created it
 * @param createdAt   ISO-8601
 * @param lastUsedAt  ISO-8601, or null
 */
public record TokenInfo(String id, String kind, Integer usesLeft, int uses, String expiresAt, String cloud, String environment,
                        Map<String, String> labels, String mac, String description, String state, String createdBy,
                        String createdAt, String lastUsedAt) {
}
