package org.labctl.api;

/**
 * A certificate labd issued, as shown to people (never the key).
 *
 * @param serial      serial number, lower-case hex
 * @param fingerprint {@code sha256:<hex>}
 * @param notAfter    end of validity, ISO-8601
 * @param revokedAt   when it was revoked, ISO-8601, or null
 */
public record CertificateInfo(String serial, String fingerprint, String notAfter, String revokedAt) {
}
