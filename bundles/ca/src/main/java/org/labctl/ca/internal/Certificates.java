package org.labctl.ca.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.labctl.api.InvalidArgument;
import org.labctl.ca.CertificateRequest;

/** X.509 with BouncyCastle: keys, the root certificate, certificates from CSRs, PEM and fingerprints. */
final class Certificates {

    static final String SIGNATURE = "SHA256withECDSA";
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Tolerate clocks that are a little behind labd's. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private Certificates() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 is not available in this Java runtime", e);
        }
    }

    static BigInteger newSerial() {
        // 159 random bits: positive, unique without coordination between labd instances
        return new BigInteger(159, RANDOM).setBit(158);
    }

    static X509Certificate selfSignedCa(String commonName, KeyPair keys, Duration lifetime) {
        Instant now = Instant.now();
        X500Name subject = name(commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, newSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(lifetime)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the root certificate", e);
        }
    }

    /**
     * How far before now a certificate starts (clock skew between machines): five minutes, or a
     * tenth of a short lifetime, so that "renew when a third is left" still means what it says.
     */
    static Duration backdate(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        return tenth.compareTo(BACKDATE) < 0 ? tenth : BACKDATE;
    }

    /** Certifies {@code publicKey} as {@code request} says, signed by the CA. */
    static X509Certificate issue(X509Certificate ca, PrivateKey caKey, PublicKey publicKey, CertificateRequest request,
                                 BigInteger serial) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial,
                    Date.from(now.minus(backdate(request.lifetime()))), Date.from(now.plus(request.lifetime())),
                    name(request.commonName()), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(switch (request.kind()) {
                        case SERVER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
                        case USER, AGENT -> new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
                    }))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            List<GeneralName> names = new ArrayList<>();
            request.uris().forEach(uri -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            request.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return sign(builder, caKey);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + request.commonName(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).setProvider(BC).build(key);
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new CertificateException("no " + SIGNATURE + " signer", e);
        }
    }

    /** The public key of a PKCS#10 request in PEM, after checking that the request is signed by its key. */
    static PublicKey publicKeyOfCsr(String csrPem) {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem == null ? "" : csrPem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new InvalidArgument("the certificate signing request is not valid PEM: expected "
                    + "-----BEGIN CERTIFICATE REQUEST-----");
        }
        if (!(parsed instanceof PKCS10CertificationRequest csr)) {
            throw new InvalidArgument("expected a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
        }
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr).setProvider(BC);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()))) {
                throw new InvalidArgument("the certificate signing request's signature does not verify: it was not signed "
                        + "with the private key of the public key it carries");
            }
            return jca.getPublicKey();
        } catch (OperatorCreationException | PKCSException | GeneralSecurityException e) {
            throw new InvalidArgument("the certificate signing request cannot be verified: use an ECDSA P-256 or RSA key");
        }
    }

    /** A PKCS#10 request in PEM for {@code keys}, as labctl and lab-agent send them. */
    static String csr(KeyPair keys, String commonName) {
        try {
            var builder = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(name(commonName), keys.getPublic());
            return pem(builder.build(new JcaContentSignerBuilder(SIGNATURE).setProvider(BC).build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no " + SIGNATURE + " signer", e);
        }
    }

    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "labctl").addRDN(BCStyle.CN, commonName).build();
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A private key as PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), the form labctl and lab-agent read. */
    static String pkcs8Pem(PrivateKey key) {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    static X509Certificate certificateFromPem(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object parsed = parser.readObject();
            if (!(parsed instanceof X509CertificateHolder holder)) {
                throw new IllegalStateException("not a PEM certificate");
            }
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("not a PEM certificate", e);
        }
    }

    static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored CA key is not an EC key", e);
        }
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialHex(BigInteger serial) {
        return serial.toString(16);
    }
}
