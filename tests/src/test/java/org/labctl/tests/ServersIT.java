package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Servers through the REST API of a real labd, enrolled the way agents enroll. */
class ServersIT {

    private static LabdProcess labd;
    private static Http admin;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("servers")).start();
        labd.awaitHealthy();
        admin = labd.admin();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        assertEquals(201, admin.post(url("/environments"), "{\"name\":\"lab\",\"cloud\":\"baremetal\"}").status());
        assertEquals(201, admin.post(url("/environments"), "{\"name\":\"prod\",\"cloud\":\"baremetal\"}").status());
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

    /** Enrolls {@code name} with a token made from {@code tokenJson}; returns the agent's TLS client. */
    private static Http enroll(String name, String tokenJson) throws Exception {
        String token = Json.tree(admin.post(url("/tokens"), tokenJson).body()).path("token").asText();
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(ca, null, null)).post(url("/enroll"), "{\"token\":" + Json.quote(token)
                + ",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        return new Http(Tls.context(ca, Tls.certificate(Json.tree(enrolled.body()).path("certificate").asText()), keys.getPrivate()));
    }

    @Test
    void serversAreListedFilteredDescribedLabelledAndDeleted() throws Exception {
        Http agent = enroll("db-1", "{\"environment\":\"prod\",\"labels\":{\"role\":\"db\",\"rack\":\"r2\"}}");
        enroll("web-1", "{\"environment\":\"lab\",\"labels\":{\"role\":\"web\"}}");

        JsonNode all = Json.tree(admin.get(url("/servers")).body());
        assertTrue(all.findValuesAsText("name").containsAll(java.util.List.of("db-1", "web-1")), all.toString());
        JsonNode prod = Json.tree(admin.get(url("/servers?env=prod")).body());
        assertEquals(java.util.List.of("db-1"), prod.findValuesAsText("name"));
        JsonNode webs = Json.tree(admin.get(url("/servers?label=role=web")).body());
        assertEquals(java.util.List.of("web-1"), webs.findValuesAsText("name"));
        assertEquals(0, Json.tree(admin.get(url("/servers?label=role=db&env=lab")).body()).size());
        assertEquals("NotReady", prod.path(0).path("status").asText(), "no heartbeat yet");

        JsonNode described = Json.tree(admin.get(url("/servers/db-1")).body());
        assertEquals("prod", described.path("server").path("environment").asText());
        assertTrue(described.path("enrolledAt").isTextual());
        assertTrue(described.path("enrolledWithToken").asText().matches("[0-9a-f]{32}"), described.toString());
        assertTrue(described.path("certificateSerial").asText().matches("[0-9a-f]+"), described.toString());

        Http.Response labelled = admin.patch(url("/servers/db-1/labels"), "{\"set\":{\"tier\":\"gold\"},\"remove\":[\"rack\"]}");
        assertEquals(200, labelled.status(), labelled.body());
        JsonNode labels = Json.tree(labelled.body()).path("labels");
        assertEquals("gold", labels.path("tier").asText());
        assertTrue(labels.path("rack").isMissingNode(), labels.toString());
        assertEquals("db", labels.path("role").asText());

        // the agent API is where an agent certificate may go: accepted (no such resource) until revoked
        assertEquals(404, agent.get(url("/agent/none")).status(), "the agent's certificate is accepted");
        assertEquals(200, admin.delete(url("/servers/db-1")).status());
        Await.until(Duration.ofSeconds(10), "the deleted server's agent certificate refused",
                () -> agent.getUnchecked(url("/agent/none")).status() == 401);
        assertEquals(404, admin.get(url("/servers/db-1")).status());
    }

    @Test
    void badInputAndOtherUsersAreRefused() throws Exception {
        enroll("app-1", "{}");
        Http.Response badLabel = admin.patch(url("/servers/app-1/labels"), "{\"set\":{\"bad key\":\"x\"}}");
        assertEquals(400, badLabel.status(), badLabel.body());
        assertEquals(400, admin.get(url("/servers?label=novalue")).status());
        assertEquals(404, admin.patch(url("/servers/nope/labels"), "{\"set\":{\"a\":\"b\"}}").status());
        assertEquals(404, admin.delete(url("/servers/nope")).status());

        KeyPair keys = TestPki.keyPair();
        X509Certificate henry = TestPki.ofLabd(labd).user("henry", keys, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        Http user = new Http(Tls.context(ca, henry, keys.getPrivate()));
        assertEquals(200, user.get(url("/servers")).status(), "everyone reads");
        assertEquals(403, user.delete(url("/servers/app-1")).status(), "only admin deletes");
        assertEquals(403, user.patch(url("/servers/app-1/labels"), "{\"set\":{\"a\":\"b\"}}").status());
    }
}
