package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * An environment with its servers: {@code GET /api/v1/environments/{cloud}/{name}}.
 *
 * @param environment   the environment as listed
 * @param createdBy     who created it, or null (environments made before labd recorded it)
 * @param servers       its servers the caller may read, counted by status (Ready, NotReady, Revoked)
 * @param serverNames   their names, sorted
 * @param usableTokens  join tokens that can still enroll servers into it, or null when the caller may not read
 *                      tokens ({@code read:*:*:tokens})
 */
public record EnvironmentDetail(EnvironmentInfo environment, String createdBy, Map<String, Integer> servers,
                                List<String> serverNames, Integer usableTokens) {
}
