package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Deny-by-default RBAC and its audit trail through the real labctl against a real labd, one test
 * per security property. Two environments of cloud baremetal (lab and prod) hold one server each
 * (web-lab, web-prod), enrolled with the real enrollment API.
 */
class RbacIT {

    private static LabdProcess labd;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("rbac");
        labd = LabdProcess.unpack(dir);
        Files.writeString(labd.home().resolve("etc/org.labctl.rbac.cfg"), "cache.ms = 0\n");
        labd.start().awaitHealthy();
        for (String env : List.of("lab", "prod")) {
            assertOk(admin("create", "environment", env, "--cloud", "baremetal"));
            enrollServer("web-" + env, "--env", env);
        }
        // a server in cloud baremetal but in no environment: addressed baremetal:-:web-none
        enrollServer("web-none", "--cloud", "baremetal");
    }

    private static void enrollServer(String name, String... tokenScope) throws Exception {
        List<String> args = new ArrayList<>(List.of("create", "token"));
        args.addAll(List.of(tokenScope));
        String token = admin(args.toArray(String[]::new)).stdout().trim();
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null))
                .post(labd.url("/api/v1/enroll"), "{\"token\":" + Json.quote(token) + ",\"csr\":"
                        + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name + "\",\"hostname\":\"web\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result labctl(Path config, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("bin/labctl").toString()));
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("LABCTL_CONFIG", config.toString());
        environment.put("HOME", dir.toString());
        return Commands.run(dir, environment, 60, command);
    }

    private static Commands.Result admin(String... args) {
        return labctl(labd.adminConfig(), Map.of(), args);
    }

    private static void assertOk(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
    }

    /** A new user with the given roles (created with the given rules). */
    private static Path user(String name, String role, String... rules) {
        Path config = dir.resolve(name + ".labctl.yaml");
        assertOk(admin("create", "user", name, "--out", config.toString()));
        if (role != null) {
            if (rules.length > 0) {
                List<String> args = new ArrayList<>(List.of("create", "role", role));
                args.addAll(List.of(rules));
                assertOk(admin(args.toArray(String[]::new)));
            }
            assertOk(admin("bind", "role", role, "--user", name));
        }
        return config;
    }

    private static Commands.Result as(Path config, String... args) {
        return labctl(config, Map.of(), args);
    }

    @Test
    void execIsDeniedWithoutThePermissionAndAllowedWithIt() {
        Path carol = user("carol", "lab-reader", "--allow", "read:baremetal:lab:*");
        Commands.Result no = as(carol, "auth", "can-i", "exec", "server/web-lab", "-v");
        assertEquals(3, no.exitCode(), no.toString());
        assertTrue(no.stdout().startsWith("no"), no.toString());
        assertTrue(no.all().contains("exec:baremetal:lab:web-lab"), "names the missing permission: " + no);
        assertOk(admin("create", "role", "lab-exec", "--allow", "exec:baremetal:lab:*"));
        assertOk(admin("bind", "role", "lab-exec", "--user", "carol"));
        Commands.Result yes = as(carol, "auth", "can-i", "exec", "server/web-lab");
        assertEquals(0, yes.exitCode(), yes.toString());
        assertEquals("yes", yes.stdout().trim());
        assertEquals(3, as(carol, "auth", "can-i", "exec", "server/web-prod").exitCode(), "not in prod");
    }

    @Test
    void accessToOneEnvironmentGivesNothingInAnother() {
        Path dan = user("dan", "lab-only", "--allow", "read:baremetal:lab:*");
        assertOk(as(dan, "describe", "server/web-lab"));
        Commands.Result prod = as(dan, "describe", "server/web-prod");
        assertEquals(3, prod.exitCode(), prod.toString());
        assertTrue(prod.stderr().contains("read:*:*:web-prod"), "names no placement dan may not see: " + prod);
        assertFalse(prod.stderr().contains("prod:web-prod"), prod.toString());
        JsonNode visible = Json.tree(as(dan, "get", "servers", "-o", "json").stdout());
        assertEquals(List.of("web-lab"), visible.findValuesAsText("name"), "the listing shows only lab");
        assertEquals(3, as(dan, "label", "server/web-lab", "x=y").exitCode(), "reading is not managing");
        assertEquals(3, as(dan, "delete", "server/web-prod").exitCode());
        assertEquals(3, as(dan, "describe", "server/no-such-server").exitCode(),
                "an unknown server is not told apart from a forbidden one");
    }

    @Test
    void aDenyRuleOverridesAnyAllowFromAnyRole() {
        Path erin = user("erin", "viewer");
        assertOk(admin("create", "role", "no-prod", "--allow", "read:baremetal:lab:*", "--deny", "read:baremetal:prod:*"));
        assertOk(as(erin, "describe", "server/web-prod"));
        assertOk(admin("bind", "role", "no-prod", "--user", "erin"));
        Commands.Result denied = as(erin, "describe", "server/web-prod");
        assertEquals(3, denied.exitCode(), denied.toString());
        // web-prod is hidden from erin now: refused like a server that does not exist, naming no placement
        assertTrue(denied.stderr().contains("read:*:*:web-prod"), denied.toString());
        Commands.Result unknown = as(erin, "describe", "server/web-nope");
        assertEquals(denied.stderr().replace("web-prod", "NAME"), unknown.stderr().replace("web-nope", "NAME"));
        assertOk(as(erin, "describe", "server/web-lab"));
        JsonNode permissions = Json.tree(as(erin, "get", "permissions", "-o", "json").stdout());
        assertTrue(permissions.path("denies").toString().contains("read:baremetal:prod:*"), permissions.toString());
    }

    @Test
    void nobodyEscalatesTheirOwnPermissions() {
        Path frank = user("frank", "role-manager", "--allow", "manage:*:*:*", "--allow", "read:*:*:*");
        Commands.Result wider = as(frank, "create", "role", "everything", "--allow", "*:*:*:*");
        assertEquals(3, wider.exitCode(), wider.toString());
        assertTrue(wider.stderr().contains("do not hold"), wider.toString());
        Commands.Result exec = as(frank, "create", "role", "exec-all", "--allow", "exec:*:*:*");
        assertEquals(3, exec.exitCode(), "exec is not among frank's permissions: " + exec);
        assertOk(as(frank, "create", "role", "lab-manager", "--allow", "manage:baremetal:lab:*"));
        assertEquals(4, as(frank, "describe", "role/everything").exitCode(), "nothing was created");
    }

    /**
     * Issue 15, item 1: unbinding a role that holds a deny widens its holder's rights exactly like
     * binding an allow, so it passes the same check on effective permissions, for oneself and for
     * others; the real request agrees with can-i before and after.
     */
    @Test
    void removingADenyIsAnEscalationLikeAddingAnAllow() {
        Path eve = user("eve", "ops", "--allow", "exec:*:*:*", "--allow", "manage:*:*:*", "--allow", "read:*:*:*");
        assertOk(admin("create", "role", "deny-web-lab", "--deny", "exec:*:*:web-lab"));
        assertOk(admin("bind", "role", "deny-web-lab", "--user", "eve"));
        Path mallory = user("mallory", "ops");
        assertOk(admin("bind", "role", "deny-web-lab", "--user", "mallory"));

        Commands.Result self = as(eve, "unbind", "role", "deny-web-lab", "--user", "eve");
        assertEquals(3, self.exitCode(), self.toString());
        assertTrue(self.stderr().contains("exec:*:*:web-lab"), "names what eve would gain: " + self);
        Commands.Result other = as(mallory, "unbind", "role", "deny-web-lab", "--user", "eve");
        assertEquals(3, other.exitCode(), "mallory may not exec on web-lab either: " + other);
        assertEquals(3, as(eve, "auth", "can-i", "exec", "server/web-lab").exitCode());
        Commands.Result run = as(eve, "exec", "web-lab", "--", "id");
        assertEquals(3, run.exitCode(), "still denied: " + run);
        JsonNode role = Json.tree(admin("describe", "role/deny-web-lab", "-o", "json").stdout());
        assertTrue(role.path("users").toString().contains("eve"), "the binding is still there: " + role);

        // a manager who holds exec on web-lab may lift it; then eve may exec (the agent is not connected: exit 5, not 3)
        assertOk(admin("unbind", "role", "deny-web-lab", "--user", "eve"));
        assertOk(as(eve, "auth", "can-i", "exec", "server/web-lab"));
        Commands.Result allowed = as(eve, "exec", "web-lab", "--", "id");
        assertEquals(5, allowed.exitCode(), allowed.toString());
        assertTrue(allowed.stderr().contains("not connected"), allowed.toString());
        // and binding the deny back narrows eve, which anyone with manage may do
        assertOk(as(mallory, "bind", "role", "deny-web-lab", "--user", "eve"));
        assertEquals(3, as(eve, "auth", "can-i", "exec", "server/web-lab").exitCode());
    }

    /**
     * Issue 15, item 3: to a user who may not read a server, an unknown server and a forbidden one
     * look the same on every path: REST (describe, label, delete), exec, logs and can-i: the same
     * exit code and the same message but for the name. To whoever may read every server, an
     * unknown one is simply not found.
     */
    @Test
    void anUnknownServerAndAHiddenOneLookTheSame() {
        Path ivan = user("ivan", null);
        List<List<String>> probes = List.of(List.of("describe", "server/%s"), List.of("label", "server/%s", "a=b"),
                List.of("delete", "server/%s"), List.of("exec", "%s", "--", "id"), List.of("logs", "server/%s", "-n", "1"),
                List.of("auth", "can-i", "exec", "server/%s", "-v"), List.of("auth", "can-i", "read", "server/%s", "-v"));
        for (List<String> probe : probes) {
            Commands.Result hidden = as(ivan, probe.stream().map(a -> a.formatted("web-prod")).toArray(String[]::new));
            Commands.Result unknown = as(ivan, probe.stream().map(a -> a.formatted("web-nope")).toArray(String[]::new));
            assertEquals(3, hidden.exitCode(), probe + ": " + hidden);
            assertEquals(unknown.exitCode(), hidden.exitCode(), probe + ": " + unknown);
            assertEquals(unknown.all().replace("web-nope", "NAME"), hidden.all().replace("web-prod", "NAME"), probe.toString());
            assertFalse(hidden.all().contains("baremetal"), "no placement shown: " + hidden);
        }
        // the admin may see every server: unknown is not found (4), known is found
        assertEquals(4, admin("describe", "server/web-nope").exitCode());
        assertEquals(4, admin("exec", "web-nope", "--", "id").exitCode());
        assertOk(admin("describe", "server/web-prod"));
        // one who may read a server sees its real address when something else is missing
        Path judy = user("judy", "prod-reader", "--allow", "read:baremetal:prod:*");
        Commands.Result visible = as(judy, "exec", "web-prod", "--", "id");
        assertEquals(3, visible.exitCode(), visible.toString());
        assertTrue(visible.stderr().contains("exec:baremetal:prod:web-prod"), visible.toString());
    }

    /**
     * Issue 15, item 4: a server in no environment is addressed {@code cloud:-:name}, and a rule can
     * say so: the refusal names a permission that {@code create role} accepts and that then allows.
     */
    @Test
    void theNoEnvironmentSpellingInRefusalsIsOneRulesCanUse() {
        Path kim = user("kim", "cloud-reader", "--allow", "read:baremetal:*:*");
        Commands.Result refused = as(kim, "exec", "web-none", "--", "id");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("exec:baremetal:-:web-none"), refused.toString());
        Commands.Result canI = as(kim, "auth", "can-i", "exec", "server/web-none", "-v");
        assertEquals(3, canI.exitCode(), canI.toString());
        assertTrue(canI.all().contains("exec:baremetal:-:web-none"), canI.toString());
        assertOk(admin("create", "role", "exec-unplaced", "--allow", "exec:baremetal:-:web-none"));
        assertOk(admin("bind", "role", "exec-unplaced", "--user", "kim"));
        assertOk(as(kim, "auth", "can-i", "exec", "server/web-none"));
        Commands.Result allowed = as(kim, "exec", "web-none", "--", "id");
        assertEquals(5, allowed.exitCode(), "allowed, and its agent is not connected: " + allowed);
        assertEquals(3, as(kim, "auth", "can-i", "exec", "server/web-lab").exitCode(), "'-' is no environment, not any");
        assertOk(admin("create", "role", "deny-unplaced", "--allow", "read:*:*:*", "--deny", "exec:baremetal:-:*"));
    }

    /**
     * The same class as issue 15's escalations, found by looking for it: a join token adds a server
     * to an environment (a bastion, with the bastion label), so making one needs manage on that
     * environment, not only on tokens.
     */
    @Test
    void aJoinTokenNeedsManageWhereItPlacesServers() {
        Path leo = user("leo", "lab-tokens", "--allow", "manage:*:*:tokens", "--allow", "manage:baremetal:lab:*");
        assertOk(as(leo, "create", "token", "--env", "lab"));
        for (List<String> elsewhere : List.of(List.of("--env", "prod"), List.of("--env", "prod", "--label", "labctl.org/bastion=true"),
                List.of("--cloud", "baremetal"))) {
            List<String> args = new ArrayList<>(List.of("create", "token"));
            args.addAll(elsewhere);
            Commands.Result refused = as(leo, args.toArray(String[]::new));
            assertEquals(3, refused.exitCode(), elsewhere + ": " + refused);
            assertTrue(refused.stderr().contains("manage:baremetal:"), refused.toString());
        }
        assertTrue(admin("get", "tokens", "-o", "json").stdout().contains("\"prod\""), "the admin still may");
    }

    @Test
    void aUserWithManageCannotBindThemselvesAdmin() {
        Path gina = user("gina", "managers", "--allow", "manage:*:*:*");
        Commands.Result self = as(gina, "bind", "role", "admin", "--user", "gina");
        assertEquals(3, self.exitCode(), self.toString());
        assertTrue(self.stderr().contains("*:*:*:*"), self.toString());
        assertEquals(3, as(gina, "bind", "role", "viewer", "--user", "gina").exitCode(), "read is not held either");
        assertEquals(3, as(gina, "unbind", "role", "admin", "--user", "admin").exitCode(), "nor demote the admin");
        JsonNode admins = Json.tree(admin("describe", "role/admin", "-o", "json").stdout());
        assertEquals("[\"admin\"]", admins.path("users").toString(), "admin is still the only admin: " + admins);
    }

    @Test
    void theLastAdminBindingCannotBeRemoved() {
        Commands.Result last = admin("unbind", "role", "admin", "--user", "admin");
        assertNotEquals(0, last.exitCode(), last.toString());
        assertTrue(last.stderr().contains("last binding of role admin"), last.toString());
        assertOk(admin("auth", "can-i", "admin", "users/all"));
    }

    @Test
    void everyDeniedAttemptIsInTheAuditLog() {
        Path hank = user("hank", null);
        Map<String, String> session = Map.of("LABCTL_SESSION", "hank-probe-session");
        assertEquals(3, labctl(hank, session, "get", "users").exitCode());
        assertEquals(3, labctl(hank, session, "describe", "server/web-prod").exitCode());
        assertEquals(3, labctl(hank, session, "create", "token").exitCode());
        assertEquals(3, labctl(hank, session, "delete", "server/web-lab").exitCode());
        Commands.Result rows = admin("logs", "audit/hank-probe-session", "-o", "json");
        assertOk(rows);
        JsonNode audit = Json.tree(rows.stdout());
        assertEquals(4, audit.size(), rows.stdout());
        for (JsonNode row : audit) {
            assertEquals("hank", row.path("user").asText());
            assertEquals("denied", row.path("result").asText());
            assertEquals(403, row.path("httpStatus").asInt());
            assertFalse(row.path("details").asText().isEmpty(), "the reason is kept: " + row);
        }
        Commands.Result denied = admin("logs", "audit", "--user", "hank", "--result", "denied", "-o", "json");
        assertTrue(Json.tree(denied.stdout()).size() >= 4, denied.stdout());
    }

    @Test
    void aCertificateFromAnotherCaCannotPassForAUser() throws Exception {
        // same subject and SAN as the admin, signed by a CA labd never issued
        TestPki impostor = TestPki.impostor();
        KeyPair keys = TestPki.keyPair();
        var fake = impostor.user("admin", keys, java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600));
        Tls.Config real = Tls.Config.read(labd.adminConfig());
        Path config = dir.resolve("impostor.labctl.yaml");
        Files.writeString(config, "server: " + real.server() + "\nca: |\n" + indent(real.ca()) + "cert: |\n"
                + indent(TestPki.pem(fake)) + "key: |\n" + indent(TestPki.pem(keys.getPrivate())));
        Commands.Result refused = as(config, "get", "users");
        assertNotEquals(0, refused.exitCode(), refused.toString());
        assertFalse(refused.stdout().contains("admin"), refused.toString());
    }

    private static String indent(String pem) {
        StringBuilder out = new StringBuilder();
        pem.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        return out.toString();
    }

    @Test
    void aOneTimeTokenCannotBeReusedAndAnExpiredOneIsRefused() throws Exception {
        Path agentHome = org.labctl.tests.harness.AgentProcess.unpack(dir);
        String once = admin("create", "token").stdout().trim();
        assertOk(enroll(agentHome, once, "once-1"));
        Commands.Result again = enroll(agentHome, once, "once-2");
        assertEquals(3, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("used-up"), again.toString());

        String expiring = admin("create", "token", "--ttl", "1s").stdout().trim();
        org.labctl.tests.harness.Await.until(java.time.Duration.ofSeconds(10), "the token expired",
                () -> admin("get", "tokens", "-o", "json").stdout().contains("\"expired\""));
        Commands.Result expired = enroll(agentHome, expiring, "late");
        assertEquals(3, expired.exitCode(), expired.toString());
        assertTrue(expired.stderr().contains("expired"), expired.toString());
    }

    private static Commands.Result enroll(Path agentHome, String token, String name) {
        return Commands.run(dir, Map.of("JAVA_HOME", Repo.javaHome()), 60, List.of(agentHome.resolve("bin/lab-agent").toString(),
                "enroll", "--server", labd.url(""), "--token", token, "--name", name, "--data", dir.resolve("agent-" + name).toString()));
    }
}
