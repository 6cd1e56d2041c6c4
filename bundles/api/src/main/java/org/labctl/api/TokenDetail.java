package org.labctl.api;

import java.util.List;

/**
 * A join token with the servers it enrolled: {@code GET /api/v1/tokens/{id}}.
 *
 * @param token   the token as listed (never its secret)
 * @param servers the servers that enrolled with it and still exist, as far as the caller may read them
 */
public record TokenDetail(TokenInfo token, List<String> servers) {
}
