package org.labctl.tests;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Revocation is checked at the TLS handshake itself, against two real labd processes on one
 * database (a PostgreSQL started by this test), with the JDK's TLS client over TLS 1.2 and 1.3: a
 * certificate revoked through one labd fails the next handshake on the other within seconds (an
 * alert, never an HTTP answer), also for a client holding a session it could otherwise resume, as
 * do expired certificates and those of another CA; a client without a certificate still completes
 * the handshake, gets 401 and can enroll; and after a restart, when Pax Web starts the listener
 * from the previous run's configuration, the listener serves and refuses revoked certificates at
 * the handshake from the first one on, also while the database is down.
 */
class HandshakeRevocationIT {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static Path dir;
    private static SharedDatabase database;
    private static LabdProcess a;
    private static LabdProcess b;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("handshake");
        database = new SharedDatabase(dir);
        a = database.labd("a").start();
        a.awaitHealthy();
        // B starts once A has made the CA: the two only share the database
        b = database.labd("b").start();
        b.awaitHealthy();
        ca = Tls.certificate(Tls.Config.read(a.adminConfig()).ca());
    }

    @AfterAll
    static void stop() throws IOException {
        for (LabdProcess labd : new LabdProcess[] {b, a}) {
            if (labd != null) {
                labd.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    /**
     * What one connection to labd came to: the HTTP status labd answered, or how labd's side of
     * the handshake refused the client certificate.
     */
    private record Outcome(int status, IOException refusal) {

        boolean refusedAtHandshake() {
            return refusal != null;
        }

        @Override
        public String toString() {
            return refusal != null ? "refused in the handshake: " + refusal : "HTTP " + status;
        }
    }

    /** One request on a connection of its own, over {@code protocol} only, with the identity of {@code tls}. */
    private static Outcome exchange(SSLContext tls, String protocol, LabdProcess labd, String method, String path, String json) {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", labd.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            try {
                // TLS 1.2: labd refuses the client certificate before the client's handshake is
                // over, with an alert, or the client only sees the connection labd closed after it
                // (the JDK writes its CertificateVerify after its Certificate was refused)
                socket.startHandshake();
            } catch (SSLException | SocketException refused) {
                return new Outcome(0, refused);
            }
            byte[] body = json == null ? new byte[0] : json.getBytes(UTF_8);
            try {
                socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(US_ASCII));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
            } catch (SocketException closed) {
                // labd may have sent its alert and closed already: the read below gets the alert
            }
            try {
                // TLS 1.3: labd sees the client certificate after the client's handshake is over,
                // so the client gets the refusal with its first read
                String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), US_ASCII)).readLine();
                if (statusLine == null) {
                    throw new EOFException("labd closed the connection with neither an answer nor an alert");
                }
                return new Outcome(Integer.parseInt(statusLine.split(" ")[1]), null);
            } catch (SSLException refused) {
                return new Outcome(0, refused);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome get(SSLContext tls, String protocol, LabdProcess labd, String path) {
        return exchange(tls, protocol, labd, "GET", path, null);
    }

    /** The refusal of a client certificate by labd's side of the handshake, as the client sees it. */
    private static void assertRefusedAtHandshake(Outcome outcome, String what) {
        assertTrue(outcome.refusedAtHandshake(), what + ": " + outcome);
        if (outcome.refusal() instanceof SSLException alert) {
            String message = String.valueOf(alert.getMessage());
            assertTrue(message.contains("bad_certificate") || message.contains("certificate_unknown"),
                    what + ": labd's alert about the client certificate, got " + outcome);
        }
    }

    /** A client certificate and its key. */
    private record Identity(X509Certificate certificate, PrivateKey key) {

        /** A new TLS context, with no session from earlier connections. */
        SSLContext tls() {
            return Tls.context(ca, certificate, key);
        }
    }

    /** A user created through A. */
    private static Identity user(String name) throws Exception {
        KeyPair keys = TestPki.keyPair();
        Http.Response created = a.admin().post(a.url("/api/v1/users"),
                "{\"name\":\"" + name + "\",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + "}");
        assertEquals(201, created.status(), created.body());
        return new Identity(Tls.certificate(Json.tree(created.body()).path("certificate").asText()), keys.getPrivate());
    }

    private static void revokeThroughA(String name) throws IOException {
        assertEquals(200, a.admin().delete(a.url("/api/v1/users/" + name)).status());
    }

    @Test
    void aClientWithoutCertificateCompletesTheHandshakeGets401AndCanEnroll() throws Exception {
        SSLContext anonymous = Tls.context(ca, null, null);
        for (String protocol : PROTOCOLS) {
            for (LabdProcess labd : List.of(a, b)) {
                Outcome outcome = get(anonymous, protocol, labd, "/api/v1/health");
                assertEquals(401, outcome.status(), protocol + ": " + outcome);
            }
        }
        Http.Response token = a.admin().post(a.url("/api/v1/tokens"), "{}");
        assertEquals(201, token.status(), token.body());
        String enrollment = "{\"token\":" + Json.quote(Json.tree(token.body()).path("token").asText()) + ",\"csr\":"
                + Json.quote(TestPki.csr(TestPki.keyPair(), "agent")) + ",\"name\":\"anonymous-1\",\"hostname\":\"anonymous-1\"}";
        Outcome enrolled = exchange(anonymous, "TLSv1.3", b, "POST", "/api/v1/enroll", enrollment);
        assertEquals(201, enrolled.status(), "enrollment without a certificate: " + enrolled);
    }

    @Test
    void aCertificateRevokedThroughOneLabdFailsTheHandshakeOnTheOtherWithinSeconds() throws Exception {
        Identity grace = user("grace");
        SSLContext graceTls = grace.tls();
        for (String protocol : PROTOCOLS) {
            // twice each: the client now holds sessions it would resume if labd let it
            for (int i = 0; i < 2; i++) {
                assertEquals(200, get(graceTls, protocol, b, "/api/v1/health").status(), protocol + ": grace works on B");
            }
        }

        revokeThroughA("grace");
        long revokedAt = System.nanoTime();
        // B learns of the revocation twice: its per-request check reads the database (401 at
        // once), its handshake check follows the revoked set it polls. Until the handshake
        // refuses, a 401 is the right answer; a 200 after either refusal is the bug to catch.
        List<Outcome> admittedAfterRefusal = new CopyOnWriteArrayList<>();
        AtomicBoolean refusedOnce = new AtomicBoolean();
        for (String protocol : PROTOCOLS) {
            Outcome refused = Await.until(Duration.ofSeconds(10), "B refuses grace's certificate at the " + protocol + " handshake",
                    () -> {
                        Outcome outcome = get(graceTls, protocol, b, "/api/v1/health");
                        if (outcome.refusedAtHandshake() || outcome.status() == 401) {
                            refusedOnce.set(true);
                        } else if (refusedOnce.get()) {
                            admittedAfterRefusal.add(outcome);
                        }
                        return outcome.refusedAtHandshake() ? outcome : null;
                    });
            assertRefusedAtHandshake(refused, protocol + " on B");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "B applied the revocation after " + took);
        assertEquals(List.of(), admittedAfterRefusal, "B never admitted grace again once it had refused her");

        SSLContext admin = Tls.context(Tls.Config.read(b.adminConfig()));
        for (String protocol : PROTOCOLS) {
            assertRefusedAtHandshake(get(grace.tls(), protocol, b, "/api/v1/health"), protocol + " on B, a new client");
            assertRefusedAtHandshake(get(grace.tls(), protocol, a, "/api/v1/health"), protocol + " on A");
            assertEquals(200, get(admin, protocol, b, "/api/v1/health").status(), protocol + ": B still admits the admin");
        }
        assertTrue(b.log().contains("Refused revoked certificate"), "B logged why it refused the handshake");
        System.out.println("B refused grace at the handshake " + took.toMillis() + " ms after A revoked her certificate");
    }

    @Test
    void anExpiredCertificateAndOneFromAnotherCaFailTheHandshake() throws Exception {
        KeyPair keys = TestPki.keyPair();
        Http.Response created = a.admin().post(a.url("/api/v1/users"),
                "{\"name\":\"judy\",\"ttlSeconds\":1,\"csr\":" + Json.quote(TestPki.csr(keys, "judy")) + "}");
        assertEquals(201, created.status(), created.body());
        X509Certificate judy = Tls.certificate(Json.tree(created.body()).path("certificate").asText());
        Await.until(Duration.ofSeconds(10), "judy's one-second certificate expired",
                () -> Instant.now().isAfter(judy.getNotAfter().toInstant()));

        TestPki impostor = TestPki.impostor();
        KeyPair spoofKeys = TestPki.keyPair();
        X509Certificate spoofed = impostor.user("admin", spoofKeys, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        for (String protocol : PROTOCOLS) {
            assertRefusedAtHandshake(get(Tls.context(ca, judy, keys.getPrivate()), protocol, b, "/api/v1/health"),
                    protocol + ": expired");
            assertRefusedAtHandshake(get(Tls.context(ca, spoofed, spoofKeys.getPrivate()), protocol, b, "/api/v1/health"),
                    protocol + ": another CA with labd's CA subject");
        }
    }

    @Test
    void afterARestartTheListenerStillRefusesRevokedCertificatesAtTheHandshake() throws Exception {
        Identity heidi = user("heidi");
        Identity ivan = user("ivan");
        assertEquals(200, get(heidi.tls(), "TLSv1.3", b, "/api/v1/health").status());
        revokeThroughA("heidi");
        Await.until(Duration.ofSeconds(10), "B refuses heidi at the handshake",
                () -> get(heidi.tls(), "TLSv1.3", b, "/api/v1/health").refusedAtHandshake());

        b.stop();
        revokeThroughA("ivan"); // while B is down
        b.start();
        // the admin's handshake succeeds: Jetty found the trust manager factory when Pax Web
        // started the listener from the configuration of B's first run
        b.awaitHealthy();
        String log = b.log();
        assertFalse(log.contains("NoSuchAlgorithmException") || log.contains("Unable to get TrustManagerFactory"),
                "B's log shows Jetty missing the trust manager factory");
        SSLContext anonymous = Tls.context(ca, null, null);
        for (String protocol : PROTOCOLS) {
            // from B's first handshake on, not only once it has asked the database
            assertRefusedAtHandshake(get(heidi.tls(), protocol, b, "/api/v1/health"), protocol + ": heidi after the restart");
            Outcome ivanRefused = Await.until(Duration.ofSeconds(10), "B refuses ivan, revoked while it was down",
                    () -> {
                        Outcome outcome = get(ivan.tls(), protocol, b, "/api/v1/health");
                        return outcome.refusedAtHandshake() ? outcome : null;
                    });
            assertRefusedAtHandshake(ivanRefused, protocol + ": ivan after the restart");
            assertEquals(401, get(anonymous, protocol, b, "/api/v1/health").status(), protocol + ": no certificate after the restart");
        }

        // restarted while the database is down: B serves, and refuses what it knew of before
        b.stop();
        database.stop();
        try {
            b.start();
            SSLContext admin = Tls.context(Tls.Config.read(b.adminConfig()));
            Await.until(LabdProcess.BOOT_TIMEOUT, "B telling its admin that its database is down (503)",
                    () -> get(admin, "TLSv1.3", b, "/api/v1/health").status() == 503);
            for (String protocol : PROTOCOLS) {
                assertRefusedAtHandshake(get(heidi.tls(), protocol, b, "/api/v1/health"), protocol + ": heidi, database down");
                assertRefusedAtHandshake(get(ivan.tls(), protocol, b, "/api/v1/health"), protocol + ": ivan, database down");
                assertEquals(401, get(anonymous, protocol, b, "/api/v1/health").status(), protocol + ": no certificate, database down");
            }
        } finally {
            database.start();
        }
        a.awaitHealthy();
        b.awaitHealthy();
    }
}
