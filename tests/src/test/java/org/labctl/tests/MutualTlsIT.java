package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing talks to labd without a certificate its CA issued: each way in that must fail, against a
 * real labd, with real TLS (the JDK's client, and curl where it can say more).
 */
class MutualTlsIT {

    private static Path dir;
    private static LabdProcess labd;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("mtls");
        labd = LabdProcess.unpack(dir).start();
        labd.awaitHealthy();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static Path pem(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void theAdminConfigLabdWroteWorks() {
        assertEquals(200, labd.get("/api/v1/health").status());
    }

    @Test
    void aClientWithoutCertificateIsRefused() throws Exception {
        Http.Response refused = new Http(Tls.context(ca, null, null)).get(labd.url("/api/v1/health"));
        assertEquals(401, refused.status());
        assertTrue(refused.body().contains("\"error\":\"unauthenticated\""), refused.body());

        Path caFile = pem("ca.pem", pem(ca));
        Commands.Result curl = Commands.run(dir, Map.of(), 30, List.of("curl", "-sS", "-w", "\n%{http_code}",
                "--cacert", caFile.toString(), labd.url("/api/v1/version")));
        assertTrue(curl.stdout().endsWith("\n401"), "curl without a certificate: " + curl);
    }

    @Test
    void aCertificateFromAnotherCaWithTheSameSubjectIsRefused() throws Exception {
        TestPki impostor = TestPki.impostor();
        KeyPair keys = TestPki.keyPair();
        X509Certificate spoofed = impostor.user("admin", keys, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        assertEquals(ca.getSubjectX500Principal(), impostor.ca().getSubjectX500Principal(), "same subject as labd's CA");
        Http spoofer = new Http(Tls.context(ca, spoofed, keys.getPrivate()));
        assertThrows(IOException.class, () -> spoofer.get(labd.url("/api/v1/health")), "refused at the handshake");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        KeyPair keys = TestPki.keyPair();
        X509Certificate expired = TestPki.ofLabd(labd).user("carol", keys,
                Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1)));
        Http client = new Http(Tls.context(ca, expired, keys.getPrivate()));
        try {
            Http.Response response = client.get(labd.url("/api/v1/health"));
            assertEquals(401, response.status(), response.body());
        } catch (IOException refusedAtHandshake) {
            // as good: the handshake already refused it
        }
    }

    @Test
    void aRevokedCertificateIsRefusedWithinSecondsEvenOnAnOpenConnection() throws Exception {
        KeyPair keys = TestPki.keyPair();
        X509Certificate bob = TestPki.ofLabd(labd).user("bob", keys, Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        Http client = new Http(Tls.context(ca, bob, keys.getPrivate()));
        assertEquals(200, client.get(labd.url("/api/v1/health")).status(), "bob's certificate works before revocation");

        // revoked in the database, as another labd instance would record it
        String url = labd.health().database().url();
        String password = Files.readString(labd.data().resolve("postgres/password")).trim();
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO certificates (serial, subject, kind, fingerprint, certificate_pem, not_before, "
                    + "not_after, revoked_at, revocation_reason) VALUES ('" + bob.getSerialNumber().toString(16)
                    + "', 'CN=bob', 'user', 'test', 'test', now(), now() + interval '1 day', now(), 'test')");
        }
        long revokedAt = System.nanoTime();
        Http.Response refused = Await.until(Duration.ofSeconds(10), "revocation applied",
                () -> {
                    Http.Response r = client.getUnchecked(labd.url("/api/v1/health"));
                    return r.status() == 401 ? r : null;
                });
        assertTrue(refused.body().contains("revoked"), refused.body());
        assertTrue(System.nanoTime() - revokedAt < Duration.ofSeconds(10).toNanos());
        assertEquals(200, labd.get("/api/v1/health").status(), "others are not affected");
    }

    @Test
    void plainHttpGetsNoAnswer() {
        Commands.Result curl = Commands.run(dir, Map.of(), 30, List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:" + labd.port() + "/api/v1/health"));
        assertNotEquals("200", curl.stdout().trim(), curl.toString());
        assertNotEquals("401", curl.stdout().trim(), "not even a refusal over plain HTTP: " + curl);
    }
}
