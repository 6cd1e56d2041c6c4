package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.Tls;

/**
 * labd's Karaf shell for operators, through the real OpenSSH client: {@code ./lab shell} opens it as
 * the admin (its key made and registered by the launcher), {@code lab:operator-add} lets an operator
 * in, and each {@code lab:*} command is decided by the gate as the labd user of the shell session and
 * audited as that user (method SHELL), allowed and denied alike; RBAC's no-escalation rule holds.
 */
class ShellIT {

    private static Path dir;
    private static LabdProcess labd;
    private static final int SSH_PORT = Ports.free();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("shell");
        labd = LabdProcess.unpack(dir).env("LABD_SSH_PORT", Integer.toString(SSH_PORT)).start();
        labd.awaitHealthy();
        Await.until(Duration.ofSeconds(60), "the SSH console to take the admin's key",
                () -> admin("lab:roles").stdout().contains("admin"));
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    /** {@code ./lab shell --data DIR COMMAND}: the launcher's way in, as the admin. */
    private static Commands.Result admin(String command) {
        Map<String, String> env = Map.of("LABD_SSH_PORT", Integer.toString(SSH_PORT));
        return Commands.run(Repo.root(), env, 60, List.of(Repo.root().resolve("lab").toString(), "shell", "--data", dir.toString(),
                command));
    }

    /** The real ssh client, with {@code key}, as {@code user}. */
    private static Commands.Result ssh(String user, Path key, String command) {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-p", Integer.toString(SSH_PORT), "-i", key.toString(), "-o", "IdentitiesOnly=yes",
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                user + "@127.0.0.1", command));
        return Commands.run(dir, Map.of(), 60, ssh);
    }

    private static List<JsonNode> audit(String user) throws Exception {
        JsonNode rows = Json.tree(labd.admin().get(labd.url("/api/v1/audit?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8)))
                .body());
        List<JsonNode> shell = new ArrayList<>();
        rows.forEach(row -> {
            if ("SHELL".equals(row.path("method").asText())) {
                shell.add(row);
            }
        });
        return shell;
    }

    private static JsonNode row(List<JsonNode> rows, String path) {
        return rows.stream().filter(r -> path.equals(r.path("path").asText())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no audit row for " + path + " in " + rows));
    }

    @Test
    void anOperatorActsAsTheirLabdUserThroughTheGateAndEveryCommandIsAudited() throws Exception {
        // the admin makes a user, a narrower role for them, and lets them into the console
        Commands.Result created = admin("lab:user-create --description 'on-call operator' olivia");
        assertTrue(created.stdout().contains("user: olivia") && created.stdout().contains("PRIVATE KEY"), created.toString());
        Path config = dir.resolve("olivia.labctl.yaml");
        Files.writeString(config, created.stdout());
        Http olivia = new Http(Tls.context(Tls.Config.read(config)));
        assertEquals(200, olivia.get(labd.url("/api/v1/health")).status(), "the printed config is olivia's labctl config");

        String role = admin("lab:role-create --allow read:*:*:roles --allow manage:*:*:roles ops").all();
        assertTrue(role.contains("role/ops created"), role);
        String bound = admin("lab:role-bind ops olivia").all();
        assertTrue(bound.contains("role/ops bound to olivia"), bound);

        Path key = dir.resolve("olivia_ecdsa");
        assertEquals(0, Commands.run(dir, Map.of(), 30, List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key.toString()))
                .exitCode());
        String publicKey = Files.readString(dir.resolve("olivia_ecdsa.pub")).trim();
        String added = admin("lab:operator-add olivia --key '" + publicKey + "'").all();
        assertTrue(added.contains("operator olivia added"), added);

        // allowed: olivia reads roles, audited as olivia
        Commands.Result roles = ssh("olivia", key, "lab:roles");
        assertTrue(roles.stdout().contains("ops") && roles.stdout().contains("read:*:*:roles"), roles.toString());
        assertEquals(0, roles.exitCode(), roles.toString());

        // forbidden: users need read:*:*:users, named as labctl names it
        Commands.Result users = ssh("olivia", key, "lab:users");
        assertTrue(users.all().contains("permission denied: missing permission read:*:*:users"), users.toString());
        assertEquals(1, users.exitCode(), "a refused command fails");
        assertFalse(users.stdout().contains("admin"), "no user listed: " + users);

        // escalation: binding admin (*:*:*:*) to herself is refused although she may manage roles
        Commands.Result bind = ssh("olivia", key, "lab:role-bind admin olivia");
        assertTrue(bind.all().contains("you cannot bind role admin"), bind.toString());
        assertTrue(admin("lab:role-describe admin").stdout().matches("(?s).*Users:\\s+admin\\s.*"), "admin is still admin's alone");

        // operators are added by those who may administer them only
        Commands.Result operator = ssh("olivia", key, "lab:operator-add mallory --key '" + publicKey + "'");
        assertTrue(operator.all().contains("permission denied: missing permission admin:*:*:operators"), operator.toString());
        assertFalse(Files.readString(labd.home().resolve("etc/keys.properties")).contains("mallory"));

        List<JsonNode> rows = audit("olivia");
        JsonNode allowed = row(rows, "lab:roles");
        assertEquals("allowed", allowed.path("result").asText());
        assertEquals("read", allowed.path("action").asText());
        assertEquals("*:*:roles", allowed.path("resource").asText());
        JsonNode denied = row(rows, "lab:users");
        assertEquals("denied", denied.path("result").asText());
        assertTrue(denied.path("details").toString().contains("read:*:*:users"), denied.toString());
        assertEquals("denied", row(rows, "lab:role-bind admin olivia").path("result").asText());
        assertEquals("denied", row(rows, "lab:operator-add --key ecdsa-sha2-nistp256 … mallory").path("result").asText());

        // the admin's changes are audited as admin, a change's row with the change
        List<JsonNode> adminRows = audit("admin");
        assertEquals("allowed", row(adminRows, "lab:role-create --allow read:*:*:roles --allow manage:*:*:roles ops")
                .path("result").asText());
        assertEquals("allowed", row(adminRows, "lab:user-create --description 'on-call operator' olivia").path("result").asText());
        assertEquals("shell", row(adminRows, "lab:role-bind ops olivia").path("sourceAddress").asText());
    }

    @Test
    void refusalsAndMistakesAreWordedAsLabctlWordsThem() {
        assertTrue(admin("lab:server-describe nosuch").all().contains("server/nosuch not found"), "an unknown server");
        String ed25519 = admin("lab:operator-add eve --key 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4 eve'").all();
        assertTrue(ed25519.contains("make one with ssh-keygen -t ecdsa"), ed25519);
        String servers = admin("lab:servers").stdout();
        assertTrue(servers.contains("NAME") && servers.contains("ENVIRONMENT"), servers);
    }
}
