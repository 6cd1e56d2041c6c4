package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Join tokens through the REST API of a real labd: shown once, stored hashed, scoped, revocable. */
class TokensIT {

    private static LabdProcess labd;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("tokens")).start();
        labd.awaitHealthy();
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static Http.Response create(String json) throws Exception {
        return labd.admin().post(labd.url("/api/v1/tokens"), json);
    }

    @Test
    void aTokenCarriesTheCaFingerprintAndIsStoredOnlyAsAHash() throws Exception {
        Http.Response created = create("{\"description\":\"rack 1\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode answer = Json.tree(created.body());
        String token = answer.path("token").asText();

        byte[] caDer = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()).getEncoded();
        String caSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(caDer));
        assertEquals("sha256:" + caSha, answer.path("caFingerprint").asText());
        assertTrue(token.matches("LAB1" + caSha + "::[0-9a-f]{32}\\.[A-Za-z0-9_-]{43}"), token);

        JsonNode info = answer.path("info");
        assertEquals("one-time", info.path("kind").asText());
        assertEquals(1, info.path("usesLeft").asInt());
        assertEquals("active", info.path("state").asText());
        assertEquals("baremetal", info.path("cloud").asText());
        assertTrue(info.path("environment").isNull(), "no environment unless asked: " + info);
        assertTrue(info.path("expiresAt").isTextual(), "tokens expire by default");
        String id = info.path("id").asText();
        assertTrue(token.contains("::" + id + "."), "the id is the part before the secret");

        String listed = labd.get("/api/v1/tokens").body();
        assertTrue(listed.contains(id));
        String secret = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(listed.contains(secret), "the secret is shown only once");

        String url = labd.health().database().url();
        String password = Files.readString(labd.data().resolve("postgres/password")).trim();
        try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t::text FROM join_tokens t")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).contains(secret), "the database holds only a hash of the secret");
            }
        }
    }

    @Test
    void reusableScopedAndBoundTokensAreListedWithTheirScope() throws Exception {
        Http.Response created = create("{\"reusable\":true,\"uses\":3,\"ttlSeconds\":3600,\"labels\":{\"rack\":\"r1\"},"
                + "\"mac\":\"52-54-00-AB-CD-EF\"}");
        assertEquals(201, created.status(), created.body());
        JsonNode info = Json.tree(created.body()).path("info");
        assertEquals("reusable", info.path("kind").asText());
        assertEquals(3, info.path("usesLeft").asInt());
        assertEquals("r1", info.path("labels").path("rack").asText());
        assertEquals("52:54:00:ab:cd:ef", info.path("mac").asText());

        Http.Response unlimited = create("{\"reusable\":true}");
        assertTrue(Json.tree(unlimited.body()).path("info").path("usesLeft").isNull(), unlimited.body());
    }

    @Test
    void badRequestsAreRefusedWithMessagesThatSayWhatToDo() throws Exception {
        assertRefused(create("{\"uses\":2}"), 400, "--reusable");
        assertRefused(create("{\"reusable\":true,\"uses\":0}"), 400, "at least 1");
        assertRefused(create("{\"environment\":\"lab\"}"), 404, "labctl create environment lab --cloud baremetal");
        assertRefused(create("{\"cloud\":\"aws\"}"), 404, "no cloud aws");
        assertRefused(create("{\"labels\":{\"bad key!\":\"x\"}}"), 400, "label key");
        assertRefused(create("{\"mac\":\"52:54:00\"}"), 400, "not a MAC address");
        assertRefused(labd.admin().delete(labd.url("/api/v1/tokens/nope")), 400, "not a token id");
        assertRefused(labd.admin().delete(labd.url("/api/v1/tokens/0123456789abcdef0123456789abcdef")), 404, "no token");
        assertRefused(labd.admin().get(labd.url("/api/v1/tokens/0123456789abcdef0123456789abcdef")), 404, "no token");
        assertRefused(labd.admin().get(labd.url("/api/v1/tokens/nope")), 400, "not a token id");
    }

    @Test
    void aRevokedTokenIsListedAsRevoked() throws Exception {
        String id = Json.tree(create("{}").body()).path("info").path("id").asText();
        Http.Response revoked = labd.admin().delete(labd.url("/api/v1/tokens/" + id));
        assertEquals(200, revoked.status(), revoked.body());
        assertEquals("revoked", Json.tree(revoked.body()).path("state").asText());
        assertEquals(200, labd.admin().delete(labd.url("/api/v1/tokens/" + id)).status(), "revoking twice changes nothing");
    }

    private static void assertRefused(Http.Response response, int status, String hint) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains(hint), "'" + hint + "' in " + response.body());
    }
}
