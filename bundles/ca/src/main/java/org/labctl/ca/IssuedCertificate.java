package org.labctl.ca;

import java.time.Instant;

/**
 * A certificate labd issued.
 *
 * @param serial      the serial number in lower-case hex
 * @param pem         the certificate in PEM
 * @param fingerprint {@code sha256:<hex>} of the DER encoding
 * @param subject     the subject's distinguished name
 * @param notBefore   start of validity
 * @param notAfter    end of validity
 */
public record IssuedCertificate(String serial, String pem, String fingerprint, String subject, Instant notBefore,
                                Instant notAfter) {
}
