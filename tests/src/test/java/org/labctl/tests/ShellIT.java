package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.KarafShell;
import org.labctl.tests.harness.LabdProcess;
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
    private static KarafShell console;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("shell");
        console = new KarafShell(dir);
        labd = console.configure(LabdProcess.unpack(dir)).start();
        labd.awaitHealthy();
        console.awaitAdmin();
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    @Test
    void anOperatorActsAsTheirLabdUserThroughTheGateAndEveryCommandIsAudited() throws Exception {
        // the admin makes a user, a narrower role for them, and lets them into the console
        Commands.Result created = console.admin("lab:user-create --description 'on-call operator' olivia");
        assertTrue(created.stdout().contains("user: olivia") && created.stdout().contains("PRIVATE KEY"), created.toString());
        Path config = dir.resolve("olivia.labctl.yaml");
        Files.writeString(config, created.stdout());
        Http olivia = new Http(Tls.context(Tls.Config.read(config)));
        assertEquals(200, olivia.get(labd.url("/api/v1/health")).status(), "the printed config is olivia's labctl config");

        String role = console.admin("lab:role-create --allow read:*:*:roles --allow manage:*:*:roles ops").all();
        assertTrue(role.contains("role/ops created"), role);
        String bound = console.admin("lab:role-bind ops olivia").all();
        assertTrue(bound.contains("role/ops bound to olivia"), bound);

        Path key = dir.resolve("olivia_ecdsa");
        assertEquals(0, Commands.run(dir, Map.of(), 30, List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key.toString()))
                .exitCode());
        String publicKey = Files.readString(dir.resolve("olivia_ecdsa.pub")).trim();
        String added = console.admin("lab:operator-add olivia --key '" + publicKey + "'").all();
        assertTrue(added.contains("operator olivia added"), added);

        // allowed: olivia reads roles, audited as olivia
        Commands.Result roles = console.as("olivia", key, "lab:roles");
        assertTrue(roles.stdout().contains("ops") && roles.stdout().contains("read:*:*:roles"), roles.toString());
        assertEquals(0, roles.exitCode(), roles.toString());

        // forbidden: users need read:*:*:users, named as labctl names it
        Commands.Result users = console.as("olivia", key, "lab:users");
        assertTrue(users.all().contains("permission denied: missing permission read:*:*:users"), users.toString());
        assertEquals(1, users.exitCode(), "a refused command fails");
        assertFalse(users.stdout().contains("admin"), "no user listed: " + users);

        // escalation: binding admin (*:*:*:*) to herself is refused although she may manage roles
        Commands.Result bind = console.as("olivia", key, "lab:role-bind admin olivia");
        assertTrue(bind.all().contains("you cannot bind role admin"), bind.toString());
        assertTrue(console.admin("lab:role-describe admin").stdout().matches("(?s).*Users:\\s+admin\\s.*"), "admin is still admin's alone");

        // operators are added by those who may administer them only
        Commands.Result operator = console.as("olivia", key, "lab:operator-add mallory --key '" + publicKey + "'");
        assertTrue(operator.all().contains("permission denied: missing permission admin:*:*:operators"), operator.toString());
        assertFalse(Files.readString(labd.home().resolve("etc/keys.properties")).contains("mallory"));

        List<JsonNode> rows = KarafShell.audited(labd, "olivia");
        JsonNode allowed = KarafShell.last(rows, "lab:roles");
        assertEquals("allowed", allowed.path("result").asText());
        assertEquals("read", allowed.path("action").asText());
        assertEquals("*:*:roles", allowed.path("resource").asText());
        JsonNode denied = KarafShell.last(rows, "lab:users");
        assertEquals("denied", denied.path("result").asText());
        assertTrue(denied.path("details").toString().contains("read:*:*:users"), denied.toString());
        assertEquals("denied", KarafShell.last(rows, "lab:role-bind admin olivia").path("result").asText());
        assertEquals("denied", KarafShell.last(rows, "lab:operator-add --key ecdsa-sha2-nistp256 … mallory").path("result").asText());

        // the admin's changes are audited as admin, a change's row with the change
        List<JsonNode> adminRows = KarafShell.audited(labd, "admin");
        assertEquals("allowed", KarafShell.last(adminRows, "lab:role-create --allow read:*:*:roles --allow manage:*:*:roles ops")
                .path("result").asText());
        assertEquals("allowed", KarafShell.last(adminRows, "lab:user-create --description 'on-call operator' olivia").path("result").asText());
        assertEquals("shell", KarafShell.last(adminRows, "lab:role-bind ops olivia").path("sourceAddress").asText());
    }

    @Test
    void refusalsAndMistakesAreWordedAsLabctlWordsThem() {
        assertTrue(console.admin("lab:server-describe nosuch").all().contains("server/nosuch not found"), "an unknown server");
        String ed25519 = console.admin("lab:operator-add eve --key 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4 eve'").all();
        assertTrue(ed25519.contains("make one with ssh-keygen -t ecdsa"), ed25519);
        String servers = console.admin("lab:servers").stdout();
        assertTrue(servers.contains("NAME") && servers.contains("ENVIRONMENT"), servers);
    }
}
