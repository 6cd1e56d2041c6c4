package org.labctl.api;

/**
 * Answer of {@code POST /api/v1/agent/renew}.
 *
 * @param certificate the new certificate in PEM (same subject and names, a fresh lifetime)
 * @param ca          labd's root CA in PEM
 * @param notAfter    end of the new certificate's validity, ISO-8601
 */
public record RenewedCertificate(String certificate, String ca, String notAfter) {
}
