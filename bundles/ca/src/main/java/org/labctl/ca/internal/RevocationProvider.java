package org.labctl.ca.internal;

import java.math.BigInteger;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider {@value #NAME}, whose trust manager factory {@value #ALGORITHM} is the one Jetty
 * uses for labd's listener ({@link ServerTls} names it in {@code etc/org.ops4j.pax.web.cfg}). It is
 * also the live answer to whether a client certificate may in: its trust managers ask the provider
 * registered at the moment of each handshake, which knows labd's revocations once the CA is there,
 * and refuses every client certificate until then.
 */
final class RevocationProvider extends Provider implements Predicate<X509Certificate> {

    static final String NAME = "labd";
    static final String ALGORITHM = "LabdRevocation";
    private static final Logger LOG = LoggerFactory.getLogger(RevocationProvider.class);

    private volatile Predicate<BigInteger> revoked;

    RevocationProvider() {
        super(NAME, "1.0", "labd: client certificates checked against labd's revocations at the TLS handshake");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, RevocationTrustManagerFactory.class.getName(),
                null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                // made here rather than by the JDK from the class name, which it would look up
                // through class loaders that do not see this bundle's classes
                return new RevocationTrustManagerFactory();
            }
        });
    }

    /** Where revoked serials are looked up from now on; null (as at first) refuses every client certificate. */
    void revocations(Predicate<BigInteger> isRevoked) {
        this.revoked = isRevoked;
    }

    /** Whether labd admits this client certificate, whose chain to labd's CA has already been checked. */
    @Override
    public boolean test(X509Certificate certificate) {
        Predicate<BigInteger> isRevoked = revoked;
        if (isRevoked == null) {
            LOG.debug("Refused client certificate {} at the handshake: labd's CA is not available yet",
                    certificate.getSerialNumber().toString(16));
            return false;
        }
        if (isRevoked.test(certificate.getSerialNumber())) {
            LOG.info("Refused revoked certificate {} ({}) at the handshake", certificate.getSerialNumber().toString(16),
                    certificate.getSubjectX500Principal().getName());
            return false;
        }
        return true;
    }
}
