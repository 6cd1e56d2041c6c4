package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.InvalidArgument;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;

class CertificatesTest {

    @TempDir
    Path dir;

    private static String csr(KeyPair keys, String claimedName) throws Exception {
        var builder = new JcaPKCS10CertificationRequestBuilder(Certificates.name(claimedName), keys.getPublic());
        return Certificates.pem(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @Test
    void issuesACertificateForTheCsrKeyWithTheNamesLabdChoseNotTheCsrs() throws Exception {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.selfSignedCa("labd root CA", caKeys, Duration.ofDays(3650));
        KeyPair userKeys = Certificates.newKeyPair();
        CertificateRequest request = new CertificateRequest(CertificateKind.USER, "alice", List.of("labctl://user/alice"),
                List.of(), List.of(), Duration.ofDays(30));

        X509Certificate issued = Certificates.issue(ca, caKeys.getPrivate(), Certificates.publicKeyOfCsr(csr(userKeys, "admin")),
                request, Certificates.newSerial());

        assertEquals(userKeys.getPublic(), issued.getPublicKey());
        assertEquals("CN=alice,O=labctl", issued.getSubjectX500Principal().getName());
        Collection<List<?>> sans = issued.getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(6, "labctl://user/alice")), sans.toString());
        assertEquals(-1, issued.getBasicConstraints(), "not a CA");
        assertTrue(issued.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "client auth");
        long days = TimeUnit.MILLISECONDS.toDays(issued.getNotAfter().getTime() - System.currentTimeMillis());
        assertTrue(days >= 29 && days <= 30, "30 days: " + days);

        // the JDK's PKIX validator accepts the chain
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(issued)), params);
    }

    @Test
    void serverCertificatesCarryDnsAndIpNamesAndOpensslVerifiesThem() throws Exception {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate ca = Certificates.selfSignedCa("labd root CA", caKeys, Duration.ofDays(3650));
        KeyPair serverKeys = Certificates.newKeyPair();
        X509Certificate server = Certificates.issue(ca, caKeys.getPrivate(), serverKeys.getPublic(),
                new CertificateRequest(CertificateKind.SERVER, "labd", List.of(), List.of("localhost"), List.of("127.0.0.1"),
                        Duration.ofDays(365)), Certificates.newSerial());
        Collection<List<?>> sans = server.getSubjectAlternativeNames();
        assertTrue(sans.contains(List.of(2, "localhost")) && sans.contains(List.of(7, "127.0.0.1")), sans.toString());

        Path caFile = Files.writeString(dir.resolve("ca.pem"), Certificates.pem(ca));
        Path serverFile = Files.writeString(dir.resolve("server.pem"), Certificates.pem(server));
        Process openssl = new ProcessBuilder("openssl", "verify", "-purpose", "sslserver", "-CAfile", caFile.toString(),
                serverFile.toString()).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), out);
        assertTrue(out.contains(": OK"), out);
    }

    @Test
    void aCsrWhoseSignatureDoesNotMatchItsKeyIsRefused() throws Exception {
        KeyPair claimed = Certificates.newKeyPair();
        KeyPair other = Certificates.newKeyPair();
        var builder = new JcaPKCS10CertificationRequestBuilder(Certificates.name("mallory"), claimed.getPublic());
        String forged = Certificates.pem(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())));
        InvalidArgument e = assertThrows(InvalidArgument.class, () -> Certificates.publicKeyOfCsr(forged));
        assertTrue(e.getMessage().contains("signature does not verify"), e.getMessage());
    }

    @Test
    void garbageIsRefusedWithAMessageThatSaysWhatIsExpected() {
        assertTrue(assertThrows(InvalidArgument.class, () -> Certificates.publicKeyOfCsr("hello"))
                .getMessage().contains("CERTIFICATE REQUEST"));
        assertTrue(assertThrows(InvalidArgument.class, () -> Certificates.publicKeyOfCsr(null))
                .getMessage().contains("CERTIFICATE REQUEST"));
        KeyPair keys = Certificates.newKeyPair();
        String certificateNotCsr = Certificates.pem(Certificates.selfSignedCa("x", keys, Duration.ofDays(30)));
        assertTrue(assertThrows(InvalidArgument.class, () -> Certificates.publicKeyOfCsr(certificateNotCsr))
                .getMessage().contains("CERTIFICATE REQUEST"));
    }

    @Test
    void serialsArePositiveAndUnique() {
        var a = Certificates.newSerial();
        var b = Certificates.newSerial();
        assertTrue(a.signum() > 0 && b.signum() > 0);
        assertTrue(!a.equals(b));
        assertTrue(a.bitLength() <= 159 && a.bitLength() >= 159, "159 bits: " + a.bitLength());
    }

    @Test
    void certificatesStartFiveMinutesEarlyOrATenthOfAShortLifetime() {
        assertEquals(java.time.Duration.ofMinutes(5), Certificates.backdate(java.time.Duration.ofDays(90)));
        assertEquals(java.time.Duration.ofSeconds(3), Certificates.backdate(java.time.Duration.ofSeconds(30)));
    }
}
