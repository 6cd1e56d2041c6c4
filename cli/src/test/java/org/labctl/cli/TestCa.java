package org.labctl.cli;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A certificate authority in memory made with BouncyCastle, standing in for labd's: it certifies
 * the CSRs labctl sends, and issues the stand-in's server certificate and the admin's client
 * certificate, all ECDSA P-256 as labd's are (DESIGN.md §4). Faster than {@link TestPki}'s keytool
 * runs, and able to sign a CSR that exists only while a request is being answered.
 */
public final class TestCa {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final char[] PASSWORD = "test-only".toCharArray();
    /** Reads CSRs, whose key algorithm BouncyCastle names by OID, which the JDK's providers do not resolve. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final AtomicLong serials = new AtomicLong(1);

    public TestCa(String name) throws GeneralSecurityException {
        keys = newKeyPair();
        try {
            certificate = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.valueOf(serials.getAndIncrement()),
                    Date.from(Instant.now().minus(Duration.ofMinutes(5))), Date.from(Instant.now().plus(Duration.ofDays(2))),
                    new X500Name("CN=" + name), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0)));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** A key pair and the certificate this CA issued for it. */
    public record Issued(PrivateKey key, X509Certificate certificate) {

        public String certificatePem() {
            return pem("CERTIFICATE", encoded(certificate));
        }

        public String keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }
    }

    public String certificatePem() {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /** A client certificate for {@code user}, as labd issues the admin's. */
    public Issued user(String user) throws GeneralSecurityException {
        KeyPair pair = newKeyPair();
        return new Issued(pair.getPrivate(), issue(pair.getPublic(), user, KeyPurposeId.id_kp_clientAuth,
                new GeneralName(GeneralName.uniformResourceIdentifier, "labctl://user/" + user)));
    }

    /** The certificate in PEM for the public key of {@code csrPem}, after checking the CSR's signature. */
    public String certify(String csrPem, String user) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalArgumentException("the CSR is not signed by its key");
            }
            X509Certificate issued = issue(new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey(), user,
                    KeyPurposeId.id_kp_clientAuth, new GeneralName(GeneralName.uniformResourceIdentifier, "labctl://user/" + user));
            return pem("CERTIFICATE", encoded(issued));
        } catch (Exception e) {
            throw new IllegalStateException("cannot certify the CSR: " + e, e);
        }
    }

    /** The public key of a PEM CSR. */
    public static PublicKey publicKeyOfCsr(String csrPem) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject()).setProvider(BC).getPublicKey();
        }
    }

    /**
     * A server-side TLS context as labd's: a certificate for 127.0.0.1 from this CA, and only
     * client certificates from this CA accepted.
     */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyPair server = newKeyPair();
        X509Certificate serverCertificate = issue(server.getPublic(), "labd", KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost"));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("labd", server.getPrivate(), PASSWORD, new X509Certificate[] {serverCertificate, certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keyStore, PASSWORD);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", certificate);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private X509Certificate issue(PublicKey key, String commonName, KeyPurposeId purpose, GeneralName... names)
            throws GeneralSecurityException {
        try {
            return sign(new JcaX509v3CertificateBuilder(certificate, BigInteger.valueOf(serials.getAndIncrement()),
                    Date.from(Instant.now().minus(Duration.ofMinutes(5))), Date.from(Instant.now().plus(Duration.ofDays(2))),
                    new X500Name("CN=" + commonName), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names)));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
