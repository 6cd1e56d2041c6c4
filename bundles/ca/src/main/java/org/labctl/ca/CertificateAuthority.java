package org.labctl.ca;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * labd's root certificate authority. Its private key lives only in the database, sealed with the
 * master key; it never appears in plain text in the database, a log line, an error or an answer.
 */
@ProviderType
public interface CertificateAuthority {

    /** The root certificate, the trust anchor of every labd connection. */
    X509Certificate certificate();

    /** The root certificate in PEM. */
    String certificatePem();

    /** {@code sha256:<hex>} of the root certificate's DER encoding, what agents pin before enrolling. */
    String fingerprint();

    /**
     * Certifies the public key of a PKCS#10 request (whose signature must verify) with the subject,
     * names and lifetime labd decided, and records the certificate.
     *
     * @throws org.labctl.api.InvalidArgument when the CSR is malformed or its signature does not verify
     */
    IssuedCertificate issue(String csrPem, CertificateRequest request);

    /**
     * Signs like {@link #issue} but records nothing: the caller records the certificate in the
     * same transaction as its own change (enrollment and renewal do, in one round of the database).
     */
    IssuedCertificate sign(String csrPem, CertificateRequest request);

    /** Marks a certificate revoked; every labd instance refuses it within seconds. Idempotent. */
    void revoke(String serial, String reason);

    /**
     * Whether the certificate with this serial has been revoked (as far as this instance knows, seconds
     * old at most); true for every serial while this instance knows no revocations yet after a start.
     */
    boolean isRevoked(BigInteger serial);
}
