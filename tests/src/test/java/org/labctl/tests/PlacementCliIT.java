package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Where servers are, through the real labctl and the REST API of a real labd: moving a server
 * between environments (manage needed at both ends, audited), what listings and tables show, and
 * {@code describe} of environments, clouds, tokens and bastions. Cloud baremetal has environments
 * lab, prod and rack3, cloud aws has prod and east; web-1 is in baremetal/lab, db-1 in
 * baremetal/prod, loose-1 in baremetal without an environment (roam-1 too, before it moves), and pxe-1 is a registered
 * standalone bastion of baremetal/rack3 whose agent is not connected.
 */
class PlacementCliIT {

    private static final String BASTION_LABEL = "labctl.org/bastion";

    private static LabdProcess labd;
    private static Path dir;
    private static String webToken;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("placement-cli");
        labd = LabdProcess.unpack(dir);
        java.nio.file.Files.writeString(labd.home().resolve("etc/org.labctl.rbac.cfg"), "cache.ms = 0\n");
        labd.start().awaitHealthy();
        for (String env : List.of("lab", "prod", "rack3")) {
            assertOk(admin("create", "environment", env, "--cloud", "baremetal"));
        }
        assertOk(admin("create", "cloud", "aws"));
        assertOk(admin("create", "environment", "prod", "--cloud", "aws"));
        assertOk(admin("create", "environment", "east", "--cloud", "aws"));
        webToken = enroll("web-1", admin("create", "token", "--env", "lab").stdout().trim());
        enroll("db-1", admin("create", "token", "--env", "prod").stdout().trim());
        enroll("loose-1", admin("create", "token", "--cloud", "baremetal").stdout().trim());
        enroll("roam-1", admin("create", "token", "--cloud", "baremetal").stdout().trim());
        enroll("pxe-1", admin("create", "token", "--env", "rack3", "--label", BASTION_LABEL + "=true").stdout().trim());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    /** Enrolls {@code name} as an agent would (its agent then stays away); returns the token's id. */
    private static String enroll(String name, String token) throws Exception {
        assertTrue(token.startsWith("LAB1"), token);
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null))
                .post(labd.url("/api/v1/enroll"), "{\"token\":" + Json.quote(token) + ",\"csr\":"
                        + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        return token.substring(token.indexOf("::") + 2, token.indexOf('.', token.indexOf("::")));
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

    private static Commands.Result as(Path config, String... args) {
        return labctl(config, Map.of(), args);
    }

    private static void assertOk(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static void assertExit(int code, Commands.Result result, String hint) {
        assertEquals(code, result.exitCode(), result.toString());
        assertTrue(result.all().contains(hint), "'" + hint + "' in " + result);
    }

    /** A new user bound to a new role with {@code rules} (none: no role at all). */
    private static Path user(String name, String... rules) {
        Path config = dir.resolve(name + ".labctl.yaml");
        assertOk(admin("create", "user", name, "--out", config.toString()));
        if (rules.length > 0) {
            List<String> args = new ArrayList<>(List.of("create", "role", name + "-role"));
            for (String rule : rules) {
                args.addAll(List.of("--allow", rule));
            }
            assertOk(admin(args.toArray(String[]::new)));
            assertOk(admin("bind", "role", name + "-role", "--user", name));
        }
        return config;
    }

    private static Http rest(Path config) {
        return new Http(Tls.context(Tls.Config.read(config)));
    }

    private static String environmentOf(String server) {
        return Json.tree(admin("get", "server/" + server, "-o", "json").stdout()).path("environment").asText();
    }

    private static JsonNode auditRows(String session) {
        Commands.Result rows = admin("logs", "audit/" + session, "-o", "json");
        assertOk(rows);
        return Json.tree(rows.stdout());
    }

    // item 14: exit codes

    @Test
    void anUnknownCloudOrEnvironmentIsNotFoundWhenCreating() {
        assertExit(4, admin("create", "environment", "x", "--cloud", "nosuch"), "no cloud nosuch");
        assertExit(4, admin("create", "token", "--env", "nosuch"), "no environment nosuch in cloud baremetal");
        assertExit(4, admin("create", "token", "--cloud", "nosuch"), "no cloud nosuch");
    }

    @Test
    void aMalformedSessionIdIsAUsageError() {
        Commands.Result bad = labctl(labd.adminConfig(), Map.of("LABCTL_SESSION", "not a session id"), "get", "servers");
        assertExit(2, bad, "LABCTL_SESSION");
    }

    @Test
    void deletingAnEnvironmentWithServersNamesTheMoveThatExists() {
        Commands.Result refused = admin("delete", "environment/prod", "--cloud", "baremetal");
        assertExit(1, refused, "labctl move server/NAME --env ENV");
        assertOk(admin("move", "--help"));
    }

    // item 14: move

    @Test
    void anAdminMovesAServerAndTheAuditRowNamesBothPlaces() throws Exception {
        Commands.Result moved = labctl(labd.adminConfig(), Map.of("LABCTL_SESSION", "move-by-admin"),
                "move", "server/web-1", "--env", "prod");
        assertOk(moved);
        assertTrue(moved.stdout().contains("server/web-1 moved to baremetal/prod"), moved.toString());
        assertEquals("prod", environmentOf("web-1"));
        JsonNode rows = auditRows("move-by-admin");
        assertEquals(1, rows.size(), rows.toString());
        JsonNode row = rows.get(0);
        assertEquals("/api/v1/servers/web-1/move", row.path("path").asText(), row.toString());
        assertEquals("allowed", row.path("result").asText(), row.toString());
        assertEquals("baremetal:lab:web-1", row.path("resource").asText(), row.toString());
        String details = row.path("details").toString();
        assertTrue(details.contains("baremetal:prod:web-1") && details.contains("baremetal:lab:web-1"), row.toString());

        // REST: the same move again changes nothing; a body without an environment is a 400
        Http admin = rest(labd.adminConfig());
        Http.Response again = admin.post(labd.url("/api/v1/servers/web-1/move"), "{\"environment\":\"prod\"}");
        assertEquals(200, again.status(), again.body());
        assertEquals("prod", Json.tree(again.body()).path("environment").asText());
        assertEquals(400, admin.post(labd.url("/api/v1/servers/web-1/move"), "{}").status());
        assertEquals(400, admin.post(labd.url("/api/v1/servers/web-1/move"), "{\"environment\":\"a:b\"}").status());
        assertEquals(404, admin.post(labd.url("/api/v1/servers/nosuch/move"), "{\"environment\":\"prod\"}").status());
        assertOk(admin("move", "server", "web-1", "--env", "lab"));
        assertEquals("lab", environmentOf("web-1"));
    }

    @Test
    void aMoveNeedsManageWhereTheServerIsAndWhereItGoes() throws Exception {
        Path sourceOnly = user("src-only", "manage:baremetal:lab:*", "read:*:*:*");
        Path destinationOnly = user("dst-only", "manage:baremetal:prod:*", "read:*:*:*");
        Path both = user("both-ends", "manage:baremetal:lab:*", "manage:baremetal:prod:*", "read:*:*:*");

        Commands.Result fromSourceOnly = labctl(sourceOnly, Map.of("LABCTL_SESSION", "move-src-only"),
                "move", "server/web-1", "--env", "prod");
        assertExit(3, fromSourceOnly, "manage:baremetal:prod:web-1");
        JsonNode denied = auditRows("move-src-only").get(0);
        assertEquals("denied", denied.path("result").asText(), denied.toString());
        assertTrue(denied.path("details").toString().contains("baremetal:prod:web-1"), "the destination is recorded: " + denied);
        assertEquals(403, rest(sourceOnly).post(labd.url("/api/v1/servers/web-1/move"), "{\"environment\":\"prod\"}").status());

        assertExit(3, as(destinationOnly, "move", "server/web-1", "--env", "prod"), "manage:baremetal:lab:web-1");
        assertEquals(403, rest(destinationOnly).post(labd.url("/api/v1/servers/web-1/move"), "{\"environment\":\"prod\"}")
                .status());
        assertEquals("lab", environmentOf("web-1"), "neither moved it");

        // a destination the caller may not manage is refused before its existence is told
        assertExit(3, as(both, "move", "server/web-1", "--env", "nosuch"), "manage:baremetal:nosuch:web-1");
        assertOk(as(both, "move", "server/web-1", "--env", "prod"));
        assertEquals("prod", environmentOf("web-1"));
        assertOk(as(both, "move", "server/web-1", "--env", "lab"));
        assertEquals("lab", environmentOf("web-1"));
    }

    @Test
    void anUnknownDestinationIsNotFoundAndAnotherCloudIsNamed() {
        assertExit(4, admin("move", "server/web-1", "--env", "nosuch"), "no environment nosuch in cloud baremetal");
        assertExit(4, admin("move", "server/web-1", "--env", "east"), "there is one in cloud aws (give --cloud aws)");
        assertExit(4, admin("move", "server/web-1", "--env", "lab", "--cloud", "aws"), "no environment lab in cloud aws");
        assertExit(4, admin("move", "server/web-1", "--env", "lab", "--cloud", "nosuch"), "no cloud nosuch");
        assertExit(2, admin("move", "server/web-1"), "--env");
        assertEquals("lab", environmentOf("web-1"));
        // to another cloud
        assertOk(admin("move", "server/roam-1", "--env", "east", "--cloud", "aws"));
        JsonNode moved = Json.tree(admin("get", "server/roam-1", "-o", "json").stdout());
        assertEquals("aws", moved.path("cloud").asText(), moved.toString());
        assertEquals("east", moved.path("environment").asText(), moved.toString());
    }

    @Test
    void anUnknownServerLooksLikeAForbiddenOne() {
        Path nobody = user("nobody");
        Commands.Result unknown = as(nobody, "move", "server/no-such-server", "--env", "prod");
        Commands.Result forbidden = as(nobody, "move", "server/db-1", "--env", "lab");
        assertEquals(forbidden.exitCode(), unknown.exitCode(), unknown + "\n" + forbidden);
        assertEquals(3, forbidden.exitCode(), forbidden.toString());
    }

    // item 15: listings and columns

    @Test
    void aServerWithoutAnEnvironmentShowsADashAndNotItsCloudAsEnvironment() {
        Commands.Result servers = admin("get", "servers");
        assertOk(servers);
        assertEquals("baremetal/-", column(servers.stdout(), "loose-1", 1), servers.stdout());
        assertEquals("baremetal/prod", column(servers.stdout(), "db-1", 1), servers.stdout());
        Commands.Result one = admin("get", "server/loose-1", "-o", "wide");
        assertEquals("baremetal/-", column(one.stdout(), "loose-1", 1), one.stdout());
        Commands.Result described = admin("describe", "server/loose-1");
        assertTrue(described.stdout().lines().anyMatch(l -> l.matches("Environment:\\s+-")), described.stdout());
        Commands.Result tokens = admin("get", "tokens");
        assertTrue(tokens.stdout().contains("baremetal/-"), "a token that places servers in no environment: " + tokens.stdout());
    }

    /** The {@code index}th column of the table row of {@code name}. */
    private static String column(String table, String name, int index) {
        String row = table.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
        return row.trim().split("\\s+")[index];
    }

    @Test
    void aBastionThatDoesNotAnswerIsShownAsUnreachableWithTheReasonInWideOutput() {
        Commands.Result bastions = admin("get", "bastions");
        assertOk(bastions);
        String rack3 = bastions.stdout().lines().filter(l -> l.startsWith("rack3 ")).findFirst().orElseThrow(
                () -> new AssertionError(bastions.toString()));
        assertEquals("unreachable", column(bastions.stdout(), "rack3", 1), bastions.stdout());
        assertFalse(rack3.contains("server/") || rack3.contains(":"), "no error text in the table: " + bastions.stdout());
        Commands.Result wide = admin("get", "bastions", "-o", "wide");
        assertTrue(wide.stdout().contains("pxe-1"), wide.stdout());
        JsonNode json = Json.tree(admin("get", "bastions", "-o", "json").stdout());
        assertEquals("unreachable", json.get(0).path("state").asText(), json.toString());
        assertFalse(json.get(0).path("url").asText().contains("server/"), json.toString());
    }

    @Test
    void aUserWhoReadsOneEnvironmentSeesItsCloud() throws Exception {
        Path rack3 = user("rack3-reader", "read:baremetal:rack3:*");
        JsonNode environments = Json.tree(as(rack3, "get", "environments", "-o", "json").stdout());
        assertEquals(List.of("rack3"), environments.findValuesAsText("name"), environments.toString());
        Commands.Result clouds = as(rack3, "get", "clouds", "-o", "json");
        assertOk(clouds);
        JsonNode listed = Json.tree(clouds.stdout());
        assertEquals(List.of("baremetal"), listed.findValuesAsText("name"), "aws is not theirs: " + listed);
        assertEquals(1, listed.get(0).path("environments").asInt(), "only what they may read is counted: " + listed);
        assertEquals(1, listed.get(0).path("servers").asInt(), "pxe-1: " + listed);
        Http.Response rest = rest(rack3).get(labd.url("/api/v1/clouds"));
        assertEquals(200, rest.status());
        assertTrue(rest.body().contains("baremetal"), rest.body());
        assertOk(as(rack3, "describe", "cloud/baremetal"));
        assertExit(4, as(rack3, "describe", "cloud/aws"), "no cloud aws");
    }

    // item 16: describe

    @Test
    void environmentsDescribeWithTheirServers() {
        Commands.Result lab = admin("describe", "environment/lab");
        assertOk(lab);
        assertTrue(lab.stdout().contains("web-1"), lab.stdout());
        assertTrue(lab.stdout().contains("Created by:") && lab.stdout().contains("admin"), lab.stdout());
        JsonNode json = Json.tree(admin("describe", "environment/baremetal/prod", "-o", "json").stdout());
        assertEquals("prod", json.path("environment").path("name").asText(), json.toString());
        assertTrue(json.path("serverNames").toString().contains("db-1"), json.toString());
        assertOk(admin("describe", "environment", "baremetal/lab", "-o", "yaml"));
        assertExit(2, admin("describe", "environment/prod"), "environment/aws/prod");
        assertExit(4, admin("describe", "environment/nosuch"), "no environment nosuch");
        assertExit(4, admin("describe", "environment/baremetal/nosuch"), "no environment nosuch in cloud baremetal");
        Path labOnly = user("lab-reader", "read:baremetal:lab:*");
        assertOk(as(labOnly, "describe", "environment/lab"));
        assertEquals(3, as(labOnly, "describe", "environment/baremetal/prod").exitCode());
        assertExit(4, as(labOnly, "describe", "environment/prod"), "no environment prod");
    }

    @Test
    void cloudsDescribeWithTheirEnvironments() {
        Commands.Result baremetal = admin("describe", "cloud/baremetal");
        assertOk(baremetal);
        assertTrue(baremetal.stdout().contains("rack3") && baremetal.stdout().contains("lab"), baremetal.stdout());
        JsonNode aws = Json.tree(admin("describe", "cloud/aws", "-o", "json").stdout());
        assertEquals("admin", aws.path("createdBy").asText(), aws.toString());
        assertEquals(2, aws.path("environments").size(), aws.toString());
        assertExit(4, admin("describe", "cloud/nosuch"), "no cloud nosuch");
    }

    @Test
    void tokensDescribeWithTheServersTheyEnrolled() {
        Commands.Result token = admin("describe", "token/" + webToken);
        assertOk(token);
        assertTrue(token.stdout().contains("web-1") && token.stdout().contains("used-up"), token.stdout());
        JsonNode json = Json.tree(admin("describe", "token/" + webToken, "-o", "json").stdout());
        assertEquals(webToken, json.path("token").path("id").asText(), json.toString());
        assertExit(4, admin("describe", "token/0123456789abcdef0123456789abcdef"), "no token");
        assertExit(2, admin("describe", "token/not-a-token"), "not a token id");
        assertEquals(3, as(user("no-tokens", "read:baremetal:*:*"), "describe", "token/" + webToken).exitCode());
    }

    @Test
    void bastionsDescribeWithTheirState() {
        Commands.Result rack3 = admin("describe", "bastion/rack3");
        assertOk(rack3);
        assertTrue(rack3.stdout().contains("unreachable") && rack3.stdout().contains("pxe-1"), rack3.stdout());
        JsonNode json = Json.tree(admin("describe", "bastion/rack3", "-o", "json").stdout());
        assertEquals("rack3", json.path("environment").asText(), json.toString());
        assertFalse(json.path("error").asText().isEmpty(), json.toString());
        assertExit(4, admin("describe", "bastion/nosuch"), "no bastion");
    }
}
