package org.labctl.api;

/**
 * Answer of {@code POST /api/v1/tokens}. {@code token} is shown this once: labd keeps only a hash.
 * It carries the fingerprint of labd's CA, so that an agent checks labd before it sends the token.
 *
 * @param info  the token as listed
 * @param token the whole token: {@code LAB1<ca sha-256 hex>::<id>.<secret>}
 * @param caFingerprint {@code sha256:<hex>} of labd's root CA (what {@code --ca-pin} takes)
 */
public record CreatedToken(TokenInfo info, String token, String caFingerprint) {
}
