package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * The audit log against a real labd: one row per request, allowed, denied or failed, that survives
 * a {@code kill -9} right after the answer; no API changes or deletes rows; labd enforces the
 * retention itself (configured to one day and checked every second here).
 */
class AuditIT {

    private static LabdProcess labd;
    private static Http bob;
    private static javax.net.ssl.SSLContext bobTls;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("audit"));
        Files.writeString(labd.home().resolve("etc/org.labctl.core.audit.cfg"), "retention.days = 1\nretention.check.seconds = 1\n");
        labd.start().awaitHealthy();
        X509Certificate ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        KeyPair keys = TestPki.keyPair();
        Http.Response created = labd.admin().post(labd.url("/api/v1/users"),
                "{\"name\":\"bob\",\"csr\":" + Json.quote(TestPki.csr(keys, "bob")) + "}");
        assertEquals(201, created.status(), created.body());
        bobTls = Tls.context(ca, Tls.certificate(Json.tree(created.body()).path("certificate").asText()), keys.getPrivate());
        bob = new Http(bobTls);
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static List<JsonNode> rows(Predicate<JsonNode> filter) {
        List<JsonNode> found = new ArrayList<>();
        Json.tree(labd.get("/api/v1/audit?limit=10000").body()).forEach(row -> {
            if (filter.test(row)) {
                found.add(row);
            }
        });
        return found;
    }

    @Test
    void everyRequestLeavesARowThatSurvivesAKill9RightAfterTheAnswer() throws Exception {
        String probe = "audit-probe-" + System.nanoTime();
        assertEquals(404, labd.admin().get(labd.url("/api/v1/servers/" + probe)).status());
        assertEquals(403, bob.get(labd.url("/api/v1/servers/" + probe + "-denied")).status());
        Http.Response token = labd.admin().post(labd.url("/api/v1/tokens"), "{\"description\":\"" + probe + "\"}");
        assertEquals(201, token.status(), token.body());
        labd.kill();
        labd.start().awaitHealthy();

        JsonNode failed = rows(r -> r.path("path").asText().equals("/api/v1/servers/" + probe)).get(0);
        assertEquals("admin", failed.path("user").asText());
        assertEquals("error", failed.path("result").asText());
        assertEquals(404, failed.path("httpStatus").asInt());
        assertEquals("read", failed.path("action").asText());

        List<JsonNode> denied = rows(r -> r.path("path").asText().equals("/api/v1/servers/" + probe + "-denied"));
        assertEquals(1, denied.size(), denied.toString());
        assertEquals("bob", denied.get(0).path("user").asText());
        assertEquals("denied", denied.get(0).path("result").asText());
        assertEquals(403, denied.get(0).path("httpStatus").asInt());
        assertTrue(denied.get(0).path("details").asText().contains("missing permission read:"), denied.toString());
        assertEquals("127.0.0.1", denied.get(0).path("sourceAddress").asText());

        // the token's row was written in the same transaction as the token; its status and duration
        // are filled in off the request path, so a kill -9 within 100 ms may leave them empty
        List<JsonNode> created = rows(r -> r.path("path").asText().equals("/api/v1/tokens") && r.path("method").asText().equals("POST"));
        assertTrue(created.stream().anyMatch(r -> r.path("result").asText().equals("allowed")
                && (r.path("httpStatus").isNull() || r.path("httpStatus").asInt() == 201)
                && r.path("action").asText().equals("manage") && r.path("resource").asText().equals("*:*:tokens")), created.toString());
        // without a kill, the status arrives
        assertEquals(201, labd.admin().post(labd.url("/api/v1/tokens"), "{\"description\":\"" + probe + "-2\"}").status());
        Await.until(Duration.ofSeconds(10), "the second token's row completed with 201", () -> rows(r ->
                r.path("path").asText().equals("/api/v1/tokens") && r.path("httpStatus").asInt() == 201).size() >= 1);
    }

    @Test
    void noApiChangesOrDeletesAuditRowsAndTryingIsAudited() throws Exception {
        String id = rows(r -> true).get(0).path("id").asText();
        for (Http.Response attempt : List.of(labd.admin().delete(labd.url("/api/v1/audit")),
                labd.admin().delete(labd.url("/api/v1/audit/" + id)),
                labd.admin().post(labd.url("/api/v1/audit"), "{}"),
                labd.admin().patch(labd.url("/api/v1/audit/" + id), "{\"result\":\"allowed\"}"))) {
            assertTrue(attempt.status() == 404 || attempt.status() == 405, attempt.toString());
        }
        assertEquals(1, rows(r -> r.path("id").asText().equals(id)).size(), "the row is still there");
        assertTrue(rows(r -> r.path("method").asText().equals("DELETE") && r.path("path").asText().startsWith("/api/v1/audit")).size() >= 2,
                "the attempts are audited too");
        assertEquals(403, bob.get(labd.url("/api/v1/audit")).status(), "reading the audit log needs read:*:*:audit");
    }

    @Test
    void labdRemovesRowsOlderThanTheRetentionItself() throws Exception {
        String url = Json.tree(labd.get("/api/v1/health").body()).path("database").path("url").asText();
        String password = Files.readString(labd.data().resolve("postgres/password")).trim();
        try (Connection db = DriverManager.getConnection(url, "postgres", password); Statement s = db.createStatement()) {
            s.executeUpdate("INSERT INTO audit_log (at, user_name, request_id, method, path, result) VALUES "
                    + "(now() - interval '3 days', 'old', 'r-old', 'GET', '/api/v1/old-row', 'allowed'), "
                    + "(now() - interval '2 hours', 'recent', 'r-recent', 'GET', '/api/v1/recent-row', 'allowed')");
        }
        Await.until(Duration.ofSeconds(30), "the 3-day-old row removed (retention 1 day)",
                () -> rows(r -> r.path("path").asText().equals("/api/v1/old-row")).isEmpty());
        assertEquals(1, rows(r -> r.path("path").asText().equals("/api/v1/recent-row")).size(), "a recent row is kept");
        assertTrue(labd.log().contains("Removed 1 audit rows older than"), "labd says what it removed");
    }

    @Test
    void requestsRefusedBeforeTheApiAreAuditedToo() throws Exception {
        String probe = "/api/v1/servers/refused-" + System.nanoTime();
        Http anonymous = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null));
        assertEquals(401, anonymous.get(labd.url(probe)).status());
        List<JsonNode> rows = rows(r -> r.path("path").asText().equals(probe));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("denied", rows.get(0).path("result").asText());
        assertEquals(401, rows.get(0).path("httpStatus").asInt());
        assertTrue(rows.get(0).path("user").isNull(), rows.toString());

        // a user certificate on the agent socket
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(bobTls).build();
        var refused = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, () -> client
                .newWebSocketBuilder().buildAsync(java.net.URI.create(labd.url("/agent").replace("https://", "wss://")),
                        new java.net.http.WebSocket.Listener() { }).get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(String.valueOf(refused.getCause()).contains("403")
                || refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertTrue(rows(r -> r.path("path").asText().equals("/agent") && r.path("user").asText().equals("bob")
                && r.path("result").asText().equals("denied")).size() >= 1, "the refused socket is audited");
    }

    @Test
    void anEnrollmentIsAuditedUnderItsTokenAndNeverWithTheSecret() throws Exception {
        String token = Json.tree(labd.admin().post(labd.url("/api/v1/tokens"), "{}").body()).path("token").asText();
        String id = token.substring(token.indexOf("::") + 2, token.lastIndexOf('.'));
        KeyPair keys = TestPki.keyPair();
        Http anonymous = new Http(Tls.context(Tls.certificate(Tls.Config.read(labd.adminConfig()).ca()), null, null));
        Http.Response enrolled = anonymous.post(labd.url("/api/v1/enroll"), "{\"token\":" + Json.quote(token) + ",\"csr\":"
                + Json.quote(TestPki.csr(keys, "audited-agent")) + ",\"name\":\"audited-agent\",\"hostname\":\"h\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        List<JsonNode> rows = rows(r -> r.path("path").asText().equals("/api/v1/enroll") && r.path("user").asText().equals("token:" + id));
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("allowed", rows.get(0).path("result").asText());
        String secret = token.substring(token.lastIndexOf('.') + 1);
        assertTrue(rows(r -> r.toString().contains(secret)).isEmpty(), "the token's secret is in no audit row");
    }
}
