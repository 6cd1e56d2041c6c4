package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How labctl checks that labd's certificate names the host of the config's server URL
 * ({@link ServerTrust}), with certificates keytool issues; a handshake refused for a wrong
 * host, end to end, is in {@link MutualTlsTest}.
 */
class ServerTrustTest {

    @TempDir
    static Path pkiDirectory;

    private static TestPki.Credential ca;
    private static X509Certificate labd;
    private static X509Certificate wildcard;
    private static X509Certificate commonNameOnly;
    private static TestPki.Credential foreignLabd;

    @BeforeAll
    static void issue() throws Exception {
        TestPki pki = new TestPki(pkiDirectory);
        ca = pki.ca("labd-ca");
        labd = pki.issue(ca, "labd", "-ext", "san=dns:localhost,dns:Labd.Example.org,ip:127.0.0.1,ip:::1",
                "-ext", "eku=serverAuth").certificate();
        wildcard = pki.issue(ca, "labd-wildcard", "-ext", "san=dns:*.lab.example.org", "-ext", "eku=serverAuth").certificate();
        commonNameOnly = pki.issue(ca, "labd.example.org", "-ext", "eku=serverAuth").certificate();
        foreignLabd = pki.issue(pki.ca("foreign-ca"), "foreign", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth");
    }

    @Test
    void anIpAddressMatchesOnlyAnIpAddressEntryComparedAsAnAddress() throws Exception {
        assertTrue(ServerTrust.names(labd, "127.0.0.1"));
        assertTrue(ServerTrust.names(labd, "[::1]"));
        assertTrue(ServerTrust.names(labd, "0:0:0:0:0:0:0:1"));
        assertFalse(ServerTrust.names(labd, "127.0.0.2"));
        assertFalse(ServerTrust.names(labd, "127.0.0.256"));
        assertFalse(ServerTrust.names(labd, "::2"));
        assertFalse(ServerTrust.names(labd, "127.1"), "only four decimal parts are an IPv4 address");
    }

    @Test
    void aDnsNameMatchesIgnoringCaseAndAFinalDot() throws Exception {
        assertTrue(ServerTrust.names(labd, "localhost"));
        assertTrue(ServerTrust.names(labd, "labd.example.org"));
        assertTrue(ServerTrust.names(labd, "LABD.example.org."));
        assertFalse(ServerTrust.names(labd, "example.org"));
        assertFalse(ServerTrust.names(labd, "labd.example.org.evil"));
        assertFalse(ServerTrust.names(labd, ""));
    }

    @Test
    void aWildcardStandsForExactlyOneWholeLeftMostLabel() throws Exception {
        assertTrue(ServerTrust.names(wildcard, "a.lab.example.org"));
        assertFalse(ServerTrust.names(wildcard, "lab.example.org"));
        assertFalse(ServerTrust.names(wildcard, "a.b.lab.example.org"));
        assertFalse(ServerTrust.names(wildcard, ".lab.example.org"));
    }

    @Test
    void theCommonNameIsNeverAHostName() throws Exception {
        assertFalse(ServerTrust.names(commonNameOnly, "labd.example.org"));
    }

    @Test
    void theChainIsCheckedFirstThenTheHostAndEachRefusalIsRemembered() throws Exception {
        ServerTrust trust = new ServerTrust(pkix(ca.certificate()), "127.0.0.1");
        trust.checkServerTrusted(new X509Certificate[] {labd, ca.certificate()}, "ECDHE_ECDSA");
        assertTrue(trust.accepted());
        assertNull(trust.refusal());

        ServerTrust otherHost = new ServerTrust(pkix(ca.certificate()), "labd.elsewhere.org");
        assertThrows(CertificateException.class,
                () -> otherHost.checkServerTrusted(new X509Certificate[] {labd, ca.certificate()}, "ECDHE_ECDSA"));
        assertFalse(otherHost.accepted());
        assertEquals(ServerTrust.Refusal.WRONG_HOST, otherHost.refusal());
        assertSame(labd, otherHost.refusedCertificate());

        // the foreign labd names the right host, but its chain leads elsewhere
        ServerTrust foreign = new ServerTrust(pkix(ca.certificate()), "127.0.0.1");
        X509Certificate[] chain = foreignLabd.chain().toArray(X509Certificate[]::new);
        assertThrows(CertificateException.class, () -> foreign.checkServerTrusted(chain, "ECDHE_ECDSA"));
        assertEquals(ServerTrust.Refusal.UNTRUSTED, foreign.refusal());
    }

    private static X509ExtendedTrustManager pkix(X509Certificate anchor) throws Exception {
        return TlsContext.pkix(List.of(anchor));
    }
}
