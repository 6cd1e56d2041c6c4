package org.labctl.ca.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.ca.IssuedCertificate;
import org.labctl.ca.PeerIdentity;
import org.labctl.core.Labd;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Issues this instance's peer certificate on first use (recorded like every certificate, so it
 * can be revoked) and again once half of its {@value #LIFETIME_HOURS} hours have passed.
 */
@Component(service = PeerIdentity.class)
public class PeerIdentityService implements PeerIdentity {

    static final String URI_PREFIX = "labctl://labd/";
    static final long LIFETIME_HOURS = 24;
    private static final char[] NO_PASSWORD = new char[0];

    private final CertificateAuthority ca;
    private final String instanceId;
    private SSLContext context;
    private Instant renewAfter = Instant.MIN;

    @Activate
    public PeerIdentityService(@Reference CertificateAuthority ca, @Reference Labd labd) {
        this.ca = ca;
        this.instanceId = labd.instanceId();
    }

    @Override
    public synchronized SSLContext clientTls() {
        if (context == null || Instant.now().isAfter(renewAfter)) {
            Duration lifetime = Duration.ofHours(LIFETIME_HOURS);
            KeyPair keys = Certificates.newKeyPair();
            IssuedCertificate issued = ca.issue(Certificates.csr(keys, "labd-" + instanceId),
                    new CertificateRequest(CertificateKind.SERVER, "labd-" + instanceId, List.of(URI_PREFIX + instanceId),
                            List.of(), List.of(), lifetime));
            context = context(keys, Certificates.certificateFromPem(issued.pem()));
            renewAfter = Instant.now().plus(lifetime.dividedBy(2));
        }
        return context;
    }

    private SSLContext context(KeyPair keys, X509Certificate certificate) {
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            // the JDK's own key and certificate objects: JSSE signs with SunEC, not with BouncyCastle's classes
            java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
            Certificate own = x509.generateCertificate(new java.io.ByteArrayInputStream(certificate.getEncoded()));
            Certificate root = x509.generateCertificate(new java.io.ByteArrayInputStream(ca.certificate().getEncoded()));
            identity.setKeyEntry("peer", Certificates.privateKey(keys.getPrivate().getEncoded()), NO_PASSWORD,
                    new Certificate[] {own, root});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, NO_PASSWORD);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("labd-ca", root);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
            trustManagers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the peer TLS context: " + e.getMessage(), e);
        }
    }
}
