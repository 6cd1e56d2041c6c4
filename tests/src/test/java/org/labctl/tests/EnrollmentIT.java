package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/**
 * Enrollment through the REST API of a real labd, as an agent without a certificate does it: the
 * join token is the only credential. Every way a token must fail, one test each.
 */
class EnrollmentIT {

    private static LabdProcess labd;
    private static Http admin;
    private static Http anonymous;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("enroll")).start();
        labd.awaitHealthy();
        admin = labd.admin();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        anonymous = new Http(Tls.context(ca, null, null));
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static String token(String json) throws Exception {
        Http.Response created = admin.post(labd.url("/api/v1/tokens"), json);
        assertEquals(201, created.status(), created.body());
        return Json.tree(created.body()).path("token").asText();
    }

    private static Http.Response enroll(String token, String name, String mac) throws Exception {
        String body = "{\"token\":" + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(TestPki.keyPair(), "agent"))
                + ",\"name\":" + Json.quote(name) + ",\"hostname\":" + Json.quote(name)
                + (mac == null ? "" : ",\"mac\":" + Json.quote(mac)) + "}";
        return anonymous.post(labd.url("/api/v1/enroll"), body);
    }

    private static void assertRefused(Http.Response response, int status, String hint) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains(hint), "'" + hint + "' in " + response.body());
    }

    @Test
    void anAgentEnrollsWithoutACertificateAndGetsOneForItsOwnKeyPlacedWhereTheTokenSays() throws Exception {
        assertEquals(201, admin.post(labd.url("/api/v1/environments"), "{\"name\":\"lab\",\"cloud\":\"baremetal\"}").status());
        String token = token("{\"environment\":\"lab\",\"labels\":{\"rack\":\"r1\"}}");
        KeyPair keys = TestPki.keyPair();
        String body = "{\"token\":" + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(keys, "agent"))
                + ",\"hostname\":\"Web-1\"}";
        Http.Response enrolled = anonymous.post(labd.url("/api/v1/enroll"), body);
        assertEquals(201, enrolled.status(), enrolled.body());
        JsonNode answer = Json.tree(enrolled.body());
        assertEquals("web-1", answer.path("name").asText(), "the host name, lower-cased, when no name is given");
        assertEquals("lab", answer.path("environment").asText());
        assertEquals("baremetal", answer.path("cloud").asText());
        assertEquals("r1", answer.path("labels").path("rack").asText());
        X509Certificate certificate = Tls.certificate(answer.path("certificate").asText());
        assertEquals(keys.getPublic(), certificate.getPublicKey());
        assertTrue(certificate.getSubjectAlternativeNames().contains(List.of(6, "labctl://server/" + answer.path("serverId").asText())));
        long days = Duration.ofMillis(certificate.getNotAfter().getTime() - System.currentTimeMillis()).toDays();
        assertTrue(days == 89 || days == 90, "90-day agent certificate: " + days);
        assertEquals(ca, Tls.certificate(answer.path("ca").asText()));
    }

    @Test
    void aOneTimeTokenIsRefusedTheSecondTime() throws Exception {
        String token = token("{}");
        assertEquals(201, enroll(token, "once-1", null).status());
        assertRefused(enroll(token, "once-2", null), 401, "used-up");
    }

    @Test
    void aOneTimeTokenUsedConcurrentlyAdmitsExactlyOneAgent() throws Exception {
        String token = token("{}");
        int agents = 8;
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        CountDownLatch ready = new CountDownLatch(agents);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String name = "race-" + i;
            results.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return enroll(token, name, null).status();
            }));
        }
        ready.await();
        go.countDown();
        int admitted = 0;
        int refused = 0;
        for (Future<Integer> result : results) {
            int status = result.get();
            if (status == 201) {
                admitted++;
            } else if (status == 401) {
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, admitted, "exactly one agent admitted");
        assertEquals(agents - 1, refused);
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = token("{\"ttlSeconds\":1}");
        String id = token.substring(token.indexOf("::") + 2, token.indexOf('.', token.indexOf("::")));
        Await.until(Duration.ofSeconds(10), "token expired",
                () -> labd.get("/api/v1/tokens").body().contains("\"id\":\"" + id + "\"")
                        && Json.tree(labd.get("/api/v1/tokens").body()).findParents("id").stream()
                        .anyMatch(t -> t.path("id").asText().equals(id) && t.path("state").asText().equals("expired")));
        assertRefused(enroll(token, "late", null), 401, "expired");
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        String token = token("{}");
        String id = token.substring(token.indexOf("::") + 2, token.indexOf('.', token.indexOf("::")));
        assertEquals(200, admin.delete(labd.url("/api/v1/tokens/" + id)).status());
        assertRefused(enroll(token, "revoked", null), 401, "revoked");
    }

    @Test
    void aMacBoundTokenRefusesAnotherMachine() throws Exception {
        String token = token("{\"mac\":\"52:54:00:00:00:01\"}");
        assertRefused(enroll(token, "wrong-mac", "52:54:00:00:00:02"), 403, "another machine");
        assertRefused(enroll(token, "no-mac", null), 403, "another machine");
        assertEquals(201, enroll(token, "right-mac", "52-54-00-00-00-01").status(), "the refusals did not use it up");
    }

    @Test
    void aUseLimitIsEnforced() throws Exception {
        String token = token("{\"reusable\":true,\"uses\":2}");
        assertEquals(201, enroll(token, "limit-1", null).status());
        assertEquals(201, enroll(token, "limit-2", null).status());
        assertRefused(enroll(token, "limit-3", null), 401, "used-up");
    }

    @Test
    void aForgedOrMangledTokenSaysNothingMoreThanNotValid() throws Exception {
        String token = token("{}");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "A".repeat(43);
        assertRefused(enroll(forged, "forged", null), 401, "is not valid");
        assertRefused(enroll("hello", "mangled", null), 401, "is not valid");
        assertEquals(201, enroll(token, "genuine", null).status(), "the real token was not spent by the forgeries");
    }

    @Test
    void aTakenNameIsAConflictAndDoesNotSpendTheToken() throws Exception {
        assertEquals(201, enroll(token("{}"), "taken", null).status());
        String token = token("{}");
        assertRefused(enroll(token, "taken", null), 409, "already enrolled");
        assertEquals(201, enroll(token, "not-taken", null).status(), "the conflict gave the use back");
        assertRefused(enroll(token("{}"), "Not Valid!", null), 400, "is not valid");
    }
}
