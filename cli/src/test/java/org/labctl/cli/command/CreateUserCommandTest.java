package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.UserInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ClientConfig;
import org.labctl.cli.ClientConfigLoader;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;
import org.labctl.cli.TestCa;

/**
 * {@code labctl create user}: the key is made here, only the CSR travels, and the config written
 * for the new user works. The stand-in for labd certifies the CSR with a {@link TestCa}.
 */
class CreateUserCommandTest {

    private static final String CREATED_BY_LABD = """
            {"name":"dave","description":"on-call SRE","createdBy":"admin","createdAt":"2026-11-28T22:00:00Z",
             "certificates":[{"serial":"1f","fingerprint":"sha256:dd","notAfter":"2026-12-28T22:00:00Z","revokedAt":null}]}""";

    @TempDir
    Path home;

    private TestCa ca;
    private LabdStandIn labd;
    private String config;
    private Path out;

    @BeforeEach
    void startStandIn() throws IOException, GeneralSecurityException {
        ca = new TestCa("labd-ca");
        labd = new LabdStandIn();
        config = labd.writeConfig(home).toString();
        out = home.resolve("dave.labctl.yaml");
    }

    @AfterEach
    void stopStandIn() {
        labd.close();
    }

    /** labd's answer: the CSR certified, as labd's UserService does. */
    private void labdCertifiesCsrs(LabdStandIn standIn) {
        standIn.answer("POST", "/api/v1/users", 201, request -> {
            JsonNode body = json(request.body());
            return "{\"user\":" + CREATED_BY_LABD + ",\"certificate\":" + quote(ca.certify(body.get("csr").asText(), "dave"))
                    + ",\"ca\":" + quote(ca.certificatePem()) + "}";
        });
    }

    private CliRun.Result createDave(String... options) {
        List<String> args = new ArrayList<>(List.of("create", "user", "dave", "--config", config,
                "--out", out.toString()));
        args.addAll(List.of(options));
        return new CliRun(home).run(args.toArray(String[]::new));
    }

    @Test
    void sendsOnlyACsrAndWritesAConfigWithItsKey() throws Exception {
        labdCertifiesCsrs(labd);
        CliRun.Result result = createDave("--description", "on-call SRE", "--ttl", "30d");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("user dave created; config written to " + out + " (0600)\n", result.out());
        assertTrue(result.err().startsWith("export LABCTL_CONFIG=" + out.toAbsolutePath() + "    # dave's config"),
                result::err);

        LabdStandIn.Request request = labd.requests().get(0);
        assertEquals("application/json", request.contentType());
        JsonNode body = json(request.body());
        assertEquals(Set.of("name", "csr", "ttlSeconds", "description"), fieldNames(body));
        assertEquals("dave", body.get("name").asText());
        assertEquals(30L * 86_400, body.get("ttlSeconds").asLong());
        assertEquals("on-call SRE", body.get("description").asText());
        assertTrue(body.get("csr").asText().startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"), request::body);

        ClientConfig written = new ClientConfigLoader(Map.of(), home).read(out);
        assertEquals(labd.url(), written.server());
        assertEquals("dave", written.user());
        assertEquals(ca.certificatePem(), written.ca());
        assertTrue(written.cert().startsWith("-----BEGIN CERTIFICATE-----\n"), written::cert);
        PrivateKey key = privateKey(written.key());
        PublicKey requested = TestCa.publicKeyOfCsr(body.get("csr").asText());
        assertTrue(signs(key, requested), "the config's key is not the one whose public key the CSR carries");

        String content = Files.readString(out);
        assertTrue(content.startsWith("# labctl config for user dave, written by labctl create user. Keep it secret:\n"),
                content);
        assertTrue(content.contains("\nserver: " + labd.url() + "\nuser: dave\nca: |\n  -----BEGIN CERTIFICATE-----\n"),
                content);
        assertTrue(content.contains("\nkey: |\n  -----BEGIN PRIVATE KEY-----\n"), content);
        for (String line : keyLines(written.key())) {
            assertFalse(result.out().contains(line) || result.err().contains(line), "the key leaked into the output");
            assertFalse(request.body().contains(line), "the key was sent to labd");
        }
    }

    @Test
    void theConfigIsCreatedOwnerOnly() throws IOException {
        labdCertifiesCsrs(labd);
        assertEquals(ExitCode.OK, createDave().exitCode());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(List.of("dave.labctl.yaml", "standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void refusesToOverwriteWithoutForce() throws IOException {
        labdCertifiesCsrs(labd);
        Files.writeString(out, "keep me\n");
        CliRun.Result result = createDave();
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: " + out + " already exists: pass --force to replace it, or --out FILE to write the config "
                + "elsewhere\n", result.err());
        assertEquals("keep me\n", Files.readString(out));
        assertEquals(List.of(), labd.requests(), "labd was asked although the file could not be written");
        assertEquals(List.of("dave.labctl.yaml", "standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void forceReplacesTheFileOwnerOnly() throws IOException {
        labdCertifiesCsrs(labd);
        Files.writeString(out, "old\n");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun.Result result = createDave("--force");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(Files.readString(out).contains("\nuser: dave\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void noFileIsLeftWhenTheUserExists() throws IOException {
        labd.answer("POST", "/api/v1/users", 409, Fixtures.error(409, "conflict",
                "user dave already exists: pick another name, or delete user/dave first"));
        CliRun.Result result = createDave();
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: user dave already exists: pick another name, or delete user/dave first\n", result.err());
        assertEquals("", result.out());
        assertEquals(List.of("standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void anInvalidNameIsAUsageErrorAndLeavesNoFile() throws IOException {
        labd.answer("POST", "/api/v1/users", 400, Fixtures.error(400, "invalid_argument",
                "user name 'Dave' is not valid: use lower case letters"));
        CliRun.Result result = createDave();
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals(List.of("standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void permissionDeniedExitsThree() throws IOException {
        labd.answer("POST", "/api/v1/users", 403, Fixtures.error(403, "permission_denied",
                "only admin may create users for now"));
        CliRun.Result result = createDave();
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: only admin may create users for now\n", result.err());
        assertEquals(List.of("standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void jsonPrintsTheNewUser() throws IOException {
        labdCertifiesCsrs(labd);
        CliRun.Result result = createDave("-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(CREATED_BY_LABD, UserInfo.class),
                Mappers.json().readValue(result.out(), UserInfo.class));
        assertTrue(Files.exists(out));
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() throws Exception {
        String foreign = ca.user("mallory").certificatePem();
        labd.answer("POST", "/api/v1/users", 201, request -> "{\"user\":" + CREATED_BY_LABD + ",\"certificate\":"
                + quote(foreign) + ",\"ca\":" + quote(ca.certificatePem()) + "}");
        CliRun.Result result = createDave();
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: user dave was created, but its config was not written: labd's answer "
                + "holds no certificate for the key labctl sent. Without it the new key is lost: labctl delete user/dave, "
                + "then create the user again\n"), result::err);
        assertEquals(List.of("standin.labctl.yaml"), filesIn(home));
    }

    @Test
    void aTtlUnderASecondIsAUsageError() {
        CliRun.Result result = createDave("--ttl", "500ms");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: --ttl must be at least 1s"), result::err);
    }

    /** The whole way over mutual TLS: the admin creates dave, then dave's config gets labd's answer as dave. */
    @Test
    void theWrittenConfigWorksOverMutualTls() throws Exception {
        try (LabdStandIn tlsLabd = LabdStandIn.https(ca.serverContext())) {
            labdCertifiesCsrs(tlsLabd);
            tlsLabd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
            TestCa.Issued admin = ca.user("admin");
            Path adminConfig = home.resolve("admin.labctl.yaml");
            Files.writeString(adminConfig, "server: " + tlsLabd.url() + "\nuser: admin\nca: |\n" + indent(ca.certificatePem())
                    + "cert: |\n" + indent(admin.certificatePem()) + "key: |\n" + indent(admin.keyPem()));
            CliRun.Result created = new CliRun(home).run("create", "user", "dave", "--config", adminConfig.toString(),
                    "--out", out.toString());
            assertEquals(ExitCode.OK, created.exitCode(), created::toString);

            CliRun.Result asDave = new CliRun(home).run("status", "--config", out.toString());
            assertEquals(ExitCode.OK, asDave.exitCode(), asDave::toString);
            assertTrue(asDave.out().startsWith("Server:    " + tlsLabd.url() + "\nStatus:    ok\n"), asDave::toString);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Mappers.json().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        try {
            return Mappers.json().writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String base64 = String.join("", keyLines(pem));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static List<String> keyLines(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----")).toList();
    }

    private static boolean signs(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
        byte[] challenge = "proof".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(challenge);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(challenge);
        return verifier.verify(signer.sign());
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String indent(String pem) {
        StringBuilder indented = new StringBuilder();
        pem.lines().forEach(line -> indented.append("  ").append(line).append('\n'));
        return indented.toString();
    }
}
