package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clouds and environments through the REST API of a real labd. */
class PlacementIT {

    private static LabdProcess labd;
    private static Http admin;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("placement")).start();
        labd.awaitHealthy();
        admin = labd.admin();
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static String url(String path) {
        return labd.url("/api/v1" + path);
    }

    private static void assertAnswer(Http.Response response, int status, String hint) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains(hint), "'" + hint + "' in " + response.body());
    }

    @Test
    void baremetalExistsFromTheStartAndStays() throws Exception {
        JsonNode clouds = Json.tree(admin.get(url("/clouds")).body());
        assertTrue(clouds.findValuesAsText("name").contains("baremetal"), clouds.toString());
        assertAnswer(admin.delete(url("/clouds/baremetal")), 400, "cannot be deleted");
    }

    @Test
    void cloudsAndEnvironmentsAreCreatedListedAndDeletedWhenEmpty() throws Exception {
        assertAnswer(admin.post(url("/clouds"), "{\"name\":\"hetzner\",\"description\":\"Falkenstein\"}"), 201, "\"kind\":\"hetzner\"");
        assertAnswer(admin.post(url("/clouds"), "{\"name\":\"hetzner\"}"), 409, "already exists");
        assertAnswer(admin.post(url("/clouds"), "{\"name\":\"Bad_Name\"}"), 400, "is not valid");

        assertAnswer(admin.post(url("/environments"), "{\"name\":\"prod\",\"cloud\":\"hetzner\"}"), 201, "\"cloud\":\"hetzner\"");
        assertAnswer(admin.post(url("/environments"), "{\"name\":\"prod\",\"cloud\":\"hetzner\"}"), 409, "already exists");
        assertAnswer(admin.post(url("/environments"), "{\"name\":\"prod\"}"), 400, "--cloud");
        assertAnswer(admin.post(url("/environments"), "{\"name\":\"prod\",\"cloud\":\"nowhere\"}"), 404, "no cloud nowhere");
        assertAnswer(admin.post(url("/environments"), "{\"name\":\"prod\",\"cloud\":\"baremetal\"}"), 201, "baremetal");

        JsonNode described = Json.tree(admin.get(url("/environments/hetzner/prod")).body());
        assertEquals("admin", described.path("createdBy").asText(), described.toString());
        assertEquals(0, described.path("serverNames").size(), described.toString());
        assertAnswer(admin.get(url("/environments/hetzner/nowhere")), 404, "no environment nowhere in cloud hetzner");
        JsonNode cloud = Json.tree(admin.get(url("/clouds/hetzner")).body());
        assertEquals("admin", cloud.path("createdBy").asText(), cloud.toString());
        assertEquals(java.util.List.of("prod"), cloud.path("environments").findValuesAsText("name"), cloud.toString());
        assertAnswer(admin.get(url("/clouds/nowhere")), 404, "no cloud nowhere");

        JsonNode inHetzner = Json.tree(admin.get(url("/environments?cloud=hetzner")).body());
        assertEquals(1, inHetzner.size(), inHetzner.toString());
        assertEquals(2, Json.tree(admin.get(url("/environments")).body()).findValuesAsText("name").stream()
                .filter("prod"::equals).count(), "one prod in each cloud");
        assertAnswer(admin.get(url("/environments?cloud=nowhere")), 404, "no cloud nowhere");

        // a join token can now place servers in that environment, and keeps it alive while usable
        Http.Response token = admin.post(url("/tokens"), "{\"cloud\":\"hetzner\",\"environment\":\"prod\"}");
        assertAnswer(token, 201, "\"environment\":\"prod\"");
        String tokenId = Json.tree(token.body()).path("info").path("id").asText();

        assertAnswer(admin.delete(url("/clouds/hetzner")), 409, "environment(s)");
        assertAnswer(admin.delete(url("/environments/hetzner/prod")), 409, "revoke them first");
        assertAnswer(admin.delete(url("/tokens/" + tokenId)), 200, "revoked");
        assertAnswer(admin.delete(url("/environments/hetzner/prod")), 200, "\"name\":\"prod\"");
        assertAnswer(admin.delete(url("/clouds/hetzner")), 200, "hetzner");
        assertAnswer(admin.delete(url("/clouds/hetzner")), 404, "no cloud hetzner");
    }

    @Test
    void anEnvironmentWithServersCannotBeDeleted() throws Exception {
        assertAnswer(admin.post(url("/environments"), "{\"name\":\"lab\",\"cloud\":\"baremetal\"}"), 201, "lab");
        // a server placed in it, as enrollment will record one
        String dbUrl = labd.health().database().url();
        String password = Files.readString(labd.data().resolve("postgres/password")).trim();
        try (Connection c = DriverManager.getConnection(dbUrl, "postgres", password); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO servers (name, cloud_id, environment_id) SELECT 'web-1', c.id, e.id "
                    + "FROM clouds c JOIN environments e ON e.cloud_id = c.id WHERE c.name = 'baremetal' AND e.name = 'lab'");
        }
        assertAnswer(admin.delete(url("/environments/baremetal/lab")), 409, "still has 1 server(s)");
        assertEquals(1, Json.tree(admin.get(url("/environments?cloud=baremetal")).body()).findValues("servers").stream()
                .mapToInt(JsonNode::asInt).sum());
    }

    @Test
    void onlyAdminManagesPlacementWhileEveryoneReads() throws Exception {
        KeyPair keys = TestPki.keyPair();
        var frank = TestPki.ofLabd(labd).user("frank", keys, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Http client = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), frank, keys.getPrivate()));
        assertEquals(200, client.get(url("/clouds")).status());
        assertAnswer(client.post(url("/clouds"), "{\"name\":\"gcp\"}"), 403, "permission_denied");
        assertAnswer(client.post(url("/environments"), "{\"name\":\"x\",\"cloud\":\"baremetal\"}"), 403, "permission_denied");
    }
}
