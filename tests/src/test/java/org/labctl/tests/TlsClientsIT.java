package org.labctl.tests;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Clients other than the JDK's, with a client certificate, over TLS 1.2 and TLS 1.3 against a real
 * labd: OpenSSL's {@code s_client} and Python's {@code ssl} module complete the handshake and get
 * their answer (OpenSSL clients offer a session ticket in TLS 1.2, which labd must not promise and
 * then fail to send), and once a certificate is revoked both are refused at the handshake, also
 * when they offer the session of an earlier connection for resumption.
 */
class TlsClientsIT {

    private static final List<String> VERSIONS = List.of("1.2", "1.3");
    /** How OpenSSL (s_client or Python's ssl) reports labd's alert about the client certificate. */
    private static final Pattern CERTIFICATE_ALERT = Pattern.compile("(?i)alert[ _](bad[ _]certificate|certificate[ _]unknown)");

    private static Path dir;
    private static LabdProcess labd;
    private static Path ca;
    private static Path request;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("tls-clients");
        labd = LabdProcess.unpack(dir).start();
        labd.awaitHealthy();
        ca = Files.writeString(dir.resolve("ca.pem"), Tls.Config.read(labd.adminConfig()).ca());
        request = Files.writeString(dir.resolve("request.http"),
                "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", US_ASCII);
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    /** A user's certificate and key in PEM files, as an OpenSSL or Python client holds them. */
    private record Identity(String name, Path certificate, Path key) {
    }

    private static Identity user(String name) throws Exception {
        KeyPair keys = TestPki.keyPair();
        Http.Response created = labd.admin().post(labd.url("/api/v1/users"),
                "{\"name\":\"" + name + "\",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + "}");
        assertEquals(201, created.status(), created.body());
        Path certificate = Files.writeString(dir.resolve(name + ".crt"), Json.tree(created.body()).path("certificate").asText());
        Path key = Files.writeString(dir.resolve(name + ".key"), TestPki.pem(keys.getPrivate()));
        return new Identity(name, certificate, key);
    }

    private static void revoke(Identity user) throws IOException {
        assertEquals(200, labd.admin().delete(labd.url("/api/v1/users/" + user.name())).status());
    }

    /** {@code openssl s_client} over exactly TLS {@code version}, sending one GET; {@code session} is saved to or resumed from. */
    private static Commands.Result openssl(String version, Identity user, String sessionOption, Path session) {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + labd.port(),
                "-tls" + version.replace('.', '_'), "-CAfile", ca.toString(), "-verify_return_error",
                "-cert", user.certificate().toString(), "-key", user.key().toString(), "-ign_eof"));
        if (sessionOption != null) {
            command.addAll(List.of(sessionOption, session.toString()));
        }
        return Commands.run(dir, Map.of(), 30, command, request);
    }

    private static void assertAnswered200(Commands.Result result, String what) {
        assertTrue(result.stdout().contains("HTTP/1.1 200"), what + ": " + result);
    }

    private static void assertRefused(Commands.Result result, String what) {
        assertTrue(result.stdout().contains("CONNECTED"), what + ": s_client did not even connect: " + result);
        assertFalse(result.stdout().contains("HTTP/1.1"), what + ": labd answered: " + result);
        assertTrue(CERTIFICATE_ALERT.matcher(result.all()).find(), what + ": labd's alert about the certificate: " + result);
    }

    @Test
    void opensslWithAClientCertificateGetsItsAnswerOverTls12AndTls13() throws Exception {
        Identity alice = user("alice");
        for (String version : VERSIONS) {
            assertAnswered200(openssl(version, alice, null, null), "s_client -tls" + version);
        }
    }

    /** The Python client: one line per connection; with {@code again}, a second connection once a line arrives on stdin. */
    private static final class Python implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;

        Python(String version, Identity user, boolean again) throws IOException {
            List<String> command = new ArrayList<>(List.of("python3",
                    Repo.root().resolve("tests/src/test/resources/clients/tls_get.py").toString(), "--port",
                    Integer.toString(labd.port()), "--tls", version, "--ca", ca.toString(), "--cert",
                    user.certificate().toString(), "--key", user.key().toString()));
            if (again) {
                command.add("--again");
            }
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), US_ASCII));
        }

        String line() throws IOException {
            String line = out.readLine();
            assertTrue(line != null, "the Python client printed nothing more");
            return line;
        }

        void again() throws IOException {
            Writer in = new java.io.OutputStreamWriter(process.getOutputStream(), US_ASCII);
            in.write("again\n");
            in.flush();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pythonsSslModuleWithAClientCertificateGetsItsAnswerOverTls12AndTls13() throws Exception {
        Identity bob = user("bob");
        for (String version : VERSIONS) {
            try (Python python = new Python(version, bob, false)) {
                String line = python.line();
                assertTrue(line.startsWith("HTTP 200 "), "Python over TLS " + version + ": " + line);
                assertTrue(line.endsWith("TLSv" + version), "Python over TLS " + version + ": " + line);
            }
        }
    }

    @Test
    void aRevokedCertificateIsRefusedAtTheHandshakeAlsoWhenTheClientOffersItsEarlierSession() throws Exception {
        Identity carol = user("carol");
        List<Python> pythons = new ArrayList<>();
        try {
            for (String version : VERSIONS) {
                Path session = dir.resolve("carol-" + version + ".session");
                Commands.Result first = openssl(version, carol, "-sess_out", session);
                assertAnswered200(first, "s_client -tls" + version + " before the revocation");
                // nothing to resume is as good as a resumption refused: then labd sent no ticket
                assertTrue(Files.exists(session) || !first.stdout().contains("New Session Ticket"),
                        "s_client -tls" + version + " got a ticket but saved no session: " + first);
                Python python = new Python(version, carol, true);
                pythons.add(python);
                String answered = python.line();
                assertTrue(answered.startsWith("HTTP 200 "), "Python over TLS " + version + " before the revocation: " + answered);
            }

            revoke(carol);
            Await.until(Duration.ofSeconds(10), "labd refusing carol's certificate at the handshake",
                    () -> !openssl("1.3", carol, null, null).stdout().contains("HTTP/1.1"));

            for (String version : VERSIONS) {
                assertRefused(openssl(version, carol, null, null), "s_client -tls" + version + " after the revocation");
                Path session = dir.resolve("carol-" + version + ".session");
                if (Files.exists(session)) {
                    assertRefused(openssl(version, carol, "-sess_in", session),
                            "s_client -tls" + version + " offering its earlier session after the revocation");
                }
            }
            for (int i = 0; i < VERSIONS.size(); i++) {
                Python python = pythons.get(i);
                python.again();
                String second = python.line();
                assertTrue(second.startsWith("REFUSED ") && CERTIFICATE_ALERT.matcher(second).find(),
                        "Python over TLS " + VERSIONS.get(i) + " offering its earlier session after the revocation: " + second);
            }
        } finally {
            for (Python python : pythons) {
                python.close();
            }
        }
    }
}
