package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.cli.TestPki.Credential;

/**
 * labctl over mutual TLS (DESIGN.md §3–4). The JDK's HttpsServer stands in for labd, demanding a
 * client certificate as labd does; the tests against the real labd live in the tests module.
 */
class MutualTlsTest {

    private static final URI NOWHERE = URI.create("https://127.0.0.1:1");
    /** The names of labd's server certificate. */
    private static final String SERVER_NAMES = "san=dns:localhost,ip:127.0.0.1";
    private static final String GARBAGE_KEY = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    private static final String GARBAGE_CERT = "-----BEGIN CERTIFICATE-----\nY2VydA==\n-----END CERTIFICATE-----\n";

    @TempDir
    static Path pkiDirectory;

    private static Credential labdCa;
    private static Credential labdServer;
    private static Credential admin;
    private static Credential foreignServer;
    private static Credential foreignAdmin;
    private static Credential serverForAnotherHost;
    private static Credential expiredServer;

    @TempDir
    Path home;

    private final List<LabdStandIn> standIns = new ArrayList<>();
    private final List<WebSocketStandIn> streams = new ArrayList<>();

    @BeforeAll
    static void makePki() throws IOException, GeneralSecurityException {
        TestPki pki = new TestPki(pkiDirectory);
        labdCa = pki.ca("labd-ca");
        labdServer = pki.issue(labdCa, "labd", "-ext", SERVER_NAMES, "-ext", "eku=serverAuth");
        admin = pki.issue(labdCa, "admin", "-ext", "san=uri:labctl://user/admin", "-ext", "eku=clientAuth");
        serverForAnotherHost = pki.issue(labdCa, "labd-elsewhere", "-ext", "san=dns:labd.example,ip:192.0.2.7",
                "-ext", "eku=serverAuth");
        expiredServer = pki.issue(labdCa, "labd-expired", "-ext", SERVER_NAMES, "-ext", "eku=serverAuth",
                "-startdate", "-5d");
        // another labd: its own CA, with certificates that look just like the real ones
        Credential foreignCa = pki.ca("foreign-ca");
        foreignServer = pki.issue(foreignCa, "foreign-labd", "-ext", SERVER_NAMES, "-ext", "eku=serverAuth");
        foreignAdmin = pki.issue(foreignCa, "foreign-admin", "-ext", "san=uri:labctl://user/admin",
                "-ext", "eku=clientAuth");
    }

    @AfterEach
    void stopStandIns() throws IOException {
        standIns.forEach(LabdStandIn::close);
        for (WebSocketStandIn stream : streams) {
            stream.close();
        }
    }

    /** labctl exec's WebSocket (wss://) has the same mutual TLS as every request. */
    @Test
    void execStreamWorksOverMutualTls() throws Exception {
        WebSocketStandIn labd = WebSocketStandIn.https(TestPki.serverContext(labdServer, labdCa));
        streams.add(labd);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        ExecutorService labctl = Executors.newSingleThreadExecutor();
        try {
            Future<CliRun.Result> run = labctl.submit(() -> new CliRun(home)
                    .run("exec", "--config", config.toString(), "server/web-1", "--", "hostname"));
            WebSocketStandIn.Connection connection = labd.accepted();
            ExecFrame start = Mappers.frames().readValue(connection.receive().payload(), ExecFrame.class);
            assertEquals("web-1", start.server());
            connection.sendText(Mappers.frames().writeValueAsString(ExecFrame.started(start.session(), 1)), false);
            connection.sendBinary(ExecProtocol.encode(ExecProtocol.STDOUT, start.session(),
                    "web-1\n".getBytes(StandardCharsets.UTF_8)).array(), false);
            connection.sendText(Mappers.frames().writeValueAsString(ExecFrame.exit(start.session(), 0, null, false)), false);
            CliRun.Result result = run.get(60, TimeUnit.SECONDS);
            assertEquals(ExitCode.OK, result.exitCode(), result::toString);
            assertEquals("web-1\n", result.out());
            assertNoKeyMaterial(result);
        } finally {
            labctl.shutdownNow();
        }
    }

    @Test
    void execStreamToALabdWithACertificateFromAnotherCaExitsFive() throws Exception {
        WebSocketStandIn labd = WebSocketStandIn.https(TestPki.serverContext(foreignServer, labdCa));
        streams.add(labd);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = new CliRun(home).run("exec", "--config", config.toString(), "server/web-1", "--", "true");
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " presented a certificate that the CA in " + config
                + " does not trust (wrong server, or a config from another labd)\n", result.err());
    }

    @Test
    void statusWorksOverMutualTls() throws Exception {
        LabdStandIn labd = labdPresenting(labdServer);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Server:    " + labd.url() + "\nStatus:    ok\n"), result::toString);
        assertEquals("", result.err());
    }

    @Test
    void labdWithACertificateFromAnotherCaExitsFive() throws Exception {
        LabdStandIn labd = labdPresenting(foreignServer);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " presented a certificate that the CA in " + config
                + " does not trust (wrong server, or a config from another labd)\n", result.err());
    }

    /** Hostname verification stays on: the CA's certificate for another host is no good. */
    @Test
    void labdWithACertificateForAnotherHostExitsFive() throws Exception {
        LabdStandIn labd = labdPresenting(serverForAnotherHost);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " presented a certificate for labd.example, 192.0.2.7, "
                + "not for 127.0.0.1: use one of those names in 'server' of " + config + "\n", result.err());
    }

    @Test
    void labdWithAnExpiredCertificateExitsFive() throws Exception {
        LabdStandIn labd = labdPresenting(expiredServer);
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: labd at " + labd.url() + " presented a certificate valid from "),
                result::toString);
        assertTrue(result.err().endsWith(" here: check this machine's clock, or ask an admin to renew labd's "
                + "certificate\n"), result::toString);
    }

    /** TLS 1.2 refuses within labctl's handshake; TLS 1.3 after it, and the JDK's server closes without an alert. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientCertificateLabdDoesNotTrustExitsThree(String protocol) throws Exception {
        LabdStandIn labd = labdPresenting(labdServer, protocol);
        Path config = config(labd.url(), labdCa.certificatePem(), foreignAdmin.certificatePem(), foreignAdmin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " refused this client certificate (revoked, expired or from "
                + "another CA): ask an admin for a new config\n", result.err());
    }

    @Test
    void unauthenticatedAnswerShowsLabdsMessageAndExitsThree() throws Exception {
        LabdStandIn labd = labdPresenting(labdServer);
        labd.answer("/api/v1/health", 401, Fixtures.error(401, "unauthenticated",
                "the certificate of admin was revoked: ask an admin for a new config"));
        Path config = config(labd.url(), labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: the certificate of admin was revoked: ask an admin for a new config\n", result.err());
    }

    @Test
    void httpsWithoutCaExitsOne() throws IOException {
        Path config = config(NOWHERE, null, admin.certificatePem(), admin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labctl config " + config + " has no 'ca': labctl cannot check labd's certificate: "
                + "ask an admin for a new config\n", result.err());
    }

    @Test
    void certAndKeyComeTogether() throws IOException {
        Path certOnly = config(NOWHERE, labdCa.certificatePem(), admin.certificatePem(), null);
        CliRun.Result result = status(certOnly);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labctl config " + certOnly + " has 'cert' but no 'key': labctl needs both to prove "
                + "who it is to labd\n", result.err());

        Path keyOnly = config(NOWHERE, labdCa.certificatePem(), null, admin.keyPem());
        result = status(keyOnly);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labctl config " + keyOnly + " has 'key' but no 'cert': labctl needs both to prove "
                + "who it is to labd\n", result.err());

        Path neither = config(NOWHERE, labdCa.certificatePem(), null, null);
        result = status(neither);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: labctl config " + neither + " has no 'cert' and 'key'"),
                result::toString);
    }

    @Test
    void aKeyOfAnotherCertificateExitsOne() throws IOException {
        Path config = config(NOWHERE, labdCa.certificatePem(), admin.certificatePem(), foreignAdmin.keyPem());
        CliRun.Result result = status(config);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: 'key' in " + config + " does not belong to the certificate in 'cert' (CN=admin): "
                + "ask an admin for a new config\n", result.err());
        // stack traces, too, leave the key out
        assertEquals(ExitCode.ERROR, new CliRun(home).env("LABCTL_DEBUG", "1")
                .run("status", "--config", config.toString()).exitCode());
        assertNoKeyMaterial(new CliRun(home).env("LABCTL_DEBUG", "1").run("status", "--config", config.toString()));
    }

    @Test
    void pemThatDoesNotParseExitsOne() throws IOException {
        Path badKey = config(NOWHERE, labdCa.certificatePem(), admin.certificatePem(), GARBAGE_KEY);
        CliRun.Result result = status(badKey);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: 'key' in " + badKey + " is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)\n",
                result.err());

        Path sec1Key = config(NOWHERE, labdCa.certificatePem(), admin.certificatePem(),
                admin.keyPem().replace("PRIVATE KEY", "EC PRIVATE KEY"));
        result = status(sec1Key);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: 'key' in " + sec1Key + " is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----): "
                + "convert it with openssl pkcs8 -topk8 -nocrypt -in OLD.pem\n", result.err());

        Path badCert = config(NOWHERE, labdCa.certificatePem(), GARBAGE_CERT, admin.keyPem());
        result = status(badCert);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: 'cert' in " + badCert + " is not an X.509 certificate (-----BEGIN CERTIFICATE-----)\n",
                result.err());

        Path badCa = config(NOWHERE, GARBAGE_CERT, admin.certificatePem(), admin.keyPem());
        result = status(badCa);
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: 'ca' in " + badCa + " is not an X.509 certificate (-----BEGIN CERTIFICATE-----)\n",
                result.err());
    }

    @Test
    void configViewOfAMutualTlsConfigRedactsTheKey() throws IOException {
        Path config = config(NOWHERE, labdCa.certificatePem(), admin.certificatePem(), admin.keyPem());
        CliRun.Result result = new CliRun(home).run("config", "view", "--config", config.toString());
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().endsWith("\nkey: REDACTED\n"), result::toString);
        assertNoKeyMaterial(result);
    }

    private LabdStandIn labdPresenting(Credential server, String... protocols)
            throws IOException, GeneralSecurityException {
        LabdStandIn labd = LabdStandIn.https(TestPki.serverContext(server, labdCa), protocols);
        standIns.add(labd);
        return labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
    }

    /** A config like the ones labd writes; a null leaves the key out. */
    private Path config(URI server, String ca, String cert, String key) throws IOException {
        StringBuilder yaml = new StringBuilder("# labctl config for user admin, written by labd\n")
                .append("server: ").append(server).append("\nuser: admin\n");
        appendBlock(yaml, "ca", ca);
        appendBlock(yaml, "cert", cert);
        appendBlock(yaml, "key", key);
        Path file = Files.createTempFile(home, "admin", ".labctl.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void appendBlock(StringBuilder yaml, String name, String pem) {
        if (pem != null) {
            yaml.append(name).append(": |\n");
            pem.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        }
    }

    /** {@code labctl status}, checking that no output shows any key. */
    private CliRun.Result status(Path config) {
        CliRun.Result result = new CliRun(home).run("status", "--config", config.toString());
        assertNoKeyMaterial(result);
        return result;
    }

    private static void assertNoKeyMaterial(CliRun.Result result) {
        String output = result.out() + result.err();
        Stream.of(admin, foreignAdmin, labdServer, foreignServer, serverForAnotherHost, expiredServer)
                .flatMap(credential -> credential.keyLines().stream())
                .forEach(line -> assertFalse(output.contains(line), () -> "key material in the output:\n" + result));
        assertFalse(output.contains("bm90IGEga2V5"), result::toString);
    }
}
