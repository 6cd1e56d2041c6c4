package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KarafShell;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * The modules in labd's Karaf shell, through the real OpenSSH client ({@code ./lab shell}, as the admin, and ssh as an
 * operator with a narrower role): a module added with labctl is listed, described and shown per server by
 * {@code lab:module-*}, upgraded from a directory on labd's host, rolled back and removed there, each command decided by
 * the gate as the shell's labd user and audited as that user; a refused command changes nothing and is audited as denied.
 */
class ModulesShellIT {

    private static Path dir;
    private static LabdProcess labd;
    private static KarafShell console;
    private static Labctl admin;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("modules-shell");
        console = new KarafShell(dir);
        labd = console.configure(LabdProcess.unpack(dir)).start();
        labd.awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        console.awaitAdmin();
        enroll("web-1");
    }

    /** A server of role worker, enrolled as lab-agent enrolls (its agent never connects: modules stay pending there). */
    private static void enroll(String name) throws Exception {
        String token = Json.tree(labd.admin().post(labd.url("/api/v1/tokens"), "{\"labels\":{\"role\":\"worker\"}}").body())
                .path("token").asText();
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null))
                .post(labd.url("/api/v1/enroll"), "{\"token\":" + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(keys, name))
                        + ",\"name\":\"" + name + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    /** A module's directory: module.yaml (targeting role worker) and its agent bundle, whose bytes differ with the version. */
    private static Path module(Path where, String name, String version) throws IOException {
        Files.createDirectories(where);
        Files.writeString(where.resolve("module.yaml"), "name: " + name + "\nversion: " + version + "\n"
                + "targets:\n  roles: [worker]\nparameters:\n  zone: {type: string, default: UTC}\n"
                + "agent:\n  bundles: [" + name + "-agent.jar]\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nX-Content: " + name + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Files.write(where.resolve(name + "-agent.jar"), bytes.toByteArray());
        return where;
    }

    @Test
    void anOperatorListsDescribesUpgradesRollsBackAndRemovesAModuleFromTheShell() throws Exception {
        Path clock = module(dir.resolve("clock-1"), "clock", "1.0.0");
        ok(admin.run("modules", "add", clock.toString(), "--set", "zone=Europe/Paris"));

        String list = ok(console.admin("lab:module-list")).stdout();
        assertTrue(list.contains("NAME") && list.lines().anyMatch(line -> line.contains("clock") && line.contains("1.0.0")
                && line.contains("upload:dir") && line.contains("admin")), list);

        String jar = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(clock.resolve("clock-agent.jar"))));
        String described = ok(console.admin("lab:module-describe clock")).stdout();
        assertTrue(described.matches("(?s).*Name:\\s+clock\\s.*"), described);
        assertTrue(described.matches("(?s).*Source:\\s+upload:dir\\s.*"), described);
        assertTrue(described.contains("zone=Europe/Paris"), described);
        assertTrue(described.contains("clock-agent.jar") && described.contains(jar), "the pinned digest: " + described);

        // labctl describe server: the module web-1 should run, pending until its agent reports it
        String server = ok(admin.run("describe", "server/web-1")).stdout();
        assertTrue(server.contains("Modules:") && server.lines().anyMatch(line -> line.startsWith("clock ")
                && line.contains("1.0.0") && line.contains("pending")), server);
        JsonNode serverJson = Json.tree(ok(admin.run("describe", "server/web-1", "-o", "json")).stdout());
        assertEquals("clock", serverJson.path("modules").path(0).path("module").asText(), serverJson.toString());
        assertEquals("web-1", serverJson.path("server").path("name").asText(), serverJson.toString());

        // the upgrade from a directory on labd's host, then back
        Path clock2 = module(dir.resolve("clock-2"), "clock", "1.1.0");
        String upgraded = ok(console.admin("lab:module-add --set zone=UTC " + clock2)).stdout();
        assertTrue(upgraded.contains("module clock 1.1.0 in force (upgraded from 1.0.0)"), upgraded);
        assertEquals("1.1.0", Json.tree(ok(admin.run("modules", "describe", "clock", "-o", "json")).stdout())
                .path("module").path("version").asText());
        assertTrue(ok(console.admin("lab:module-rollback clock")).stdout().contains("module clock 1.0.0 in force again"));
        JsonNode back = Json.tree(ok(admin.run("modules", "describe", "clock", "-o", "json")).stdout());
        assertEquals("1.0.0", back.path("module").path("version").asText(), back.toString());
        String missing = console.admin("lab:module-add " + dir.resolve("nosuch")).all();
        assertTrue(missing.contains("no such directory or file on labd's host"), missing);

        // an operator who may read modules, not manage them
        Commands.Result created = ok(console.admin("lab:user-create olivia"));
        assertTrue(created.stdout().contains("user: olivia"), created.toString());
        assertTrue(console.admin("lab:role-create --allow read:*:*:modules --allow read:*:*:web-1 watch").all().contains("role/watch created"));
        assertTrue(console.admin("lab:role-bind watch olivia").all().contains("role/watch bound to olivia"));
        Path key = dir.resolve("olivia_ecdsa");
        assertEquals(0, Commands.run(dir, Map.of(), 30, List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key.toString()))
                .exitCode());
        String publicKey = Files.readString(dir.resolve("olivia_ecdsa.pub")).trim();
        assertTrue(console.admin("lab:operator-add olivia --key '" + publicKey + "'").all().contains("operator olivia added"));
        Commands.Result status = console.as("olivia", key, "lab:module-status clock");
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.stdout().lines().anyMatch(line -> line.contains("web-1") && line.contains("clock")
                && line.contains("pending")), status.toString());
        Commands.Result refused = console.as("olivia", key, "lab:module-remove clock");
        assertTrue(refused.all().contains("permission denied: missing permission manage:*:*:modules"), refused.toString());
        assertTrue(ok(admin.run("modules", "list")).stdout().contains("clock"), "a refused command changes nothing");

        String removed = ok(console.admin("lab:module-remove clock")).stdout();
        assertTrue(removed.contains("module clock 1.0.0 removed"), removed);
        assertFalse(ok(admin.run("modules", "list")).stdout().contains("clock"), "removed from labd");
        assertFalse(ok(console.admin("lab:module-list")).stdout().contains("clock"));

        // each command audited as the shell's labd user, the refusal too, a change with what it did
        List<JsonNode> olivia = KarafShell.audited(labd, "olivia");
        JsonNode denied = KarafShell.last(olivia, "lab:module-remove clock");
        assertEquals("denied", denied.path("result").asText(), denied.toString());
        assertEquals("manage", denied.path("action").asText());
        assertTrue(denied.path("details").toString().contains("manage:*:*:modules"), denied.toString());
        assertEquals("allowed", KarafShell.last(olivia, "lab:module-status clock").path("result").asText());
        List<JsonNode> rows = KarafShell.audited(labd, "admin");
        assertEquals("allowed", KarafShell.last(rows, "lab:module-list").path("result").asText());
        assertEquals("allowed", KarafShell.last(rows, "lab:module-describe clock").path("result").asText());
        JsonNode add = KarafShell.last(rows, "lab:module-add --set zone=… " + clock2);
        assertEquals("allowed", add.path("result").asText(), add.toString());
        assertTrue(add.path("details").toString().contains("upgrade"), add.toString());
        assertEquals("allowed", KarafShell.last(rows, "lab:module-rollback clock").path("result").asText());
        JsonNode remove = KarafShell.last(rows, "lab:module-remove clock");
        assertEquals("allowed", remove.path("result").asText(), remove.toString());
        assertEquals("*:*:modules", remove.path("resource").asText(), remove.toString());
        assertTrue(remove.path("details").toString().contains("remove"), remove.toString());

        // without the modules capability, describe server still works, with no modules section
        ok(console.admin("feature:uninstall labd-modules"));
        Await.until(Duration.ofSeconds(30), "the modules' REST paths to go", () -> admin.run("modules", "list").exitCode() == 5);
        String without = ok(admin.run("describe", "server/web-1")).stdout();
        assertTrue(without.contains("Name:") && !without.contains("Modules:"), without);
        assertTrue(Json.tree(ok(admin.run("describe", "server/web-1", "-o", "json")).stdout()).path("modules").isMissingNode());
    }
}
