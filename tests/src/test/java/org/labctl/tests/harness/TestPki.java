package org.labctl.tests.harness;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates a test makes itself: signed by labd's real CA (whose key the test opens from the
 * database with the master key, as an attacker with both would) or by a CA of its own.
 */
public final class TestPki {

    private final X509Certificate ca;
    private final PrivateKey caKey;

    private TestPki(X509Certificate ca, PrivateKey caKey) {
        this.ca = ca;
        this.caKey = caKey;
    }

    public X509Certificate ca() {
        return ca;
    }

    /** labd's own CA, its key opened with the master key of the data directory. */
    public static TestPki ofLabd(LabdProcess labd) throws Exception {
        String url = labd.health().database().url();
        String password = Files.readString(labd.data().resolve("postgres/password")).trim();
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT certificate_pem, key_ciphertext, key_nonce FROM certificate_authorities WHERE name = 'root'")) {
            if (!rs.next()) {
                throw new IllegalStateException("labd has no root CA yet");
            }
            byte[] masterKey = Base64.getDecoder().decode(Files.readString(labd.data().resolve("master.key")).trim());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, rs.getBytes(3)));
            cipher.updateAAD("ca-key:root".getBytes(StandardCharsets.UTF_8));
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(cipher.doFinal(rs.getBytes(2))));
            return new TestPki(Tls.certificate(rs.getString(1)), key);
        }
    }

    /** A CA of the test's own, with the same subject as labd's. */
    public static TestPki impostor() throws Exception {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("O=labctl,CN=labd root CA");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(300)), Date.from(now.plusSeconds(86400)), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        X509Certificate ca = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new TestPki(ca, keys.getPrivate());
    }

    public static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    /** A PKCS#10 request in PEM for {@code keys}, as labctl and lab-agent send them. */
    public static String csr(KeyPair keys, String commonName) throws Exception {
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        var out = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            writer.writeObject(request);
        }
        return out.toString();
    }

    /** A client certificate for user {@code name} valid from {@code notBefore} to {@code notAfter}. */
    public X509Certificate user(String name, KeyPair keys, Instant notBefore, Instant notAfter) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(120, new SecureRandom()).setBit(119),
                Date.from(notBefore), Date.from(notAfter), new X500Name("O=labctl,CN=" + name), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, "labctl://user/" + name)));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    /** A certificate or private key (PKCS#8) in PEM, as labctl configs hold them. */
    public static String pem(Object certificateOrKey) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        Object value = certificateOrKey instanceof java.security.PrivateKey key
                ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : certificateOrKey;
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            writer.writeObject(value);
        }
        return out.toString();
    }
}
