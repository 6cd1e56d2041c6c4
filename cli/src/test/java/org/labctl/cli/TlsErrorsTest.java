package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS failures the JDK's HttpsServer cannot produce for {@link MutualTlsTest}: it closes
 * without sending an alert, where labd's server sends one.
 */
class TlsErrorsTest {

    private static final ClientConfig CONFIG = new ClientConfig(Path.of("admin.labctl.yaml"),
            URI.create("https://127.0.0.1:8443"), "admin", null, null, null);

    @TempDir
    static Path pkiDirectory;

    /** A certificate for 127.0.0.1, as labd's. */
    private static TestPki.Credential labd;

    @BeforeAll
    static void issue() throws Exception {
        TestPki pki = new TestPki(pkiDirectory);
        labd = pki.issue(pki.ca("labd-ca"), "labd", "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth");
    }

    @Test
    void anAlertAfterLabctlAcceptedLabdsCertificateIsARefusalOfOurs() throws Exception {
        IOException alert = new IOException(new SSLException("Received fatal alert: certificate_revoked"));
        LabctlException error = TlsErrors.of(alert, false, CONFIG, acceptedServer());
        assertEquals(ExitCode.PERMISSION_DENIED, error.exitCode());
        assertEquals("labd at https://127.0.0.1:8443 refused this client certificate (revoked, expired or from "
                + "another CA): ask an admin for a new config", error.getMessage());
    }

    @Test
    void aHandshakeThatFailsBeforeLabdsCertificateIsNotARefusalOfOurs() {
        ServerTrust noCertificateSeen = new ServerTrust(new AcceptAll(), "127.0.0.1");
        assertNull(TlsErrors.of(new SSLHandshakeException("Unsupported or unrecognized SSL message"), false, CONFIG,
                noCertificateSeen));
    }

    @Test
    void aConnectionLostAfterTheAnswerBeganIsNotARefusal() throws Exception {
        assertNull(TlsErrors.of(new IOException(new EOFException("EOF reached while reading")), true, CONFIG,
                acceptedServer()));
    }

    private static ServerTrust acceptedServer() throws Exception {
        ServerTrust trust = new ServerTrust(new AcceptAll(), "127.0.0.1");
        trust.checkServerTrusted(new X509Certificate[] {labd.certificate()}, "ECDHE_ECDSA");
        return trust;
    }

    /** Stands in for the JDK's PKIX trust manager once it has accepted labd's certificate. */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
