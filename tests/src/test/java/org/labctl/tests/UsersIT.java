package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
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

/** Users through the REST API of a real labd: created from a CSR, used, refused, deleted and revoked. */
class UsersIT {

    private static LabdProcess labd;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("users")).start();
        labd.awaitHealthy();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static String body(String name, String csr, long ttlSeconds) {
        return "{\"name\":\"" + name + "\",\"csr\":" + Json.quote(csr) + ",\"ttlSeconds\":" + ttlSeconds + "}";
    }

    @Test
    void aCreatedUserWorksWithTheKeyThatNeverLeftTheClientAndLosesAccessWhenDeleted() throws Exception {
        Http admin = labd.admin();
        KeyPair keys = TestPki.keyPair();
        // the CSR claims to be admin: labd names the certificate after the user it creates, not the CSR
        Http.Response created = admin.post(labd.url("/api/v1/users"), body("dave", TestPki.csr(keys, "admin"), 7 * 86400));
        assertEquals(201, created.status(), created.body());
        JsonNode answer = Json.tree(created.body());
        X509Certificate certificate = Tls.certificate(answer.path("certificate").asText());
        assertEquals("CN=dave,O=labctl", certificate.getSubjectX500Principal().getName());
        assertEquals(Tls.certificate(answer.path("ca").asText()), ca);
        long days = Duration.ofMillis(certificate.getNotAfter().getTime() - System.currentTimeMillis()).toDays();
        assertTrue(days == 6 || days == 7, "7-day certificate: " + days);
        assertFalse(created.body().contains("PRIVATE KEY"));

        Http dave = new Http(Tls.context(ca, certificate, keys.getPrivate()));
        assertEquals(200, dave.get(labd.url("/api/v1/health")).status(), "dave's certificate works");
        Http.Response denied = dave.get(labd.url("/api/v1/users"));
        assertEquals(403, denied.status(), "only admin manages users");
        assertTrue(denied.body().contains("permission_denied"), denied.body());

        JsonNode described = Json.tree(admin.get(labd.url("/api/v1/users/dave")).body());
        assertEquals("admin", described.path("createdBy").asText());
        assertEquals(certificate.getSerialNumber().toString(16), described.path("certificates").path(0).path("serial").asText());
        assertTrue(Json.tree(admin.get(labd.url("/api/v1/users")).body()).findValuesAsText("name").contains("dave"));

        assertEquals(200, admin.delete(labd.url("/api/v1/users/dave")).status());
        Await.until(Duration.ofSeconds(10), "dave's certificate refused",
                () -> dave.getUnchecked(labd.url("/api/v1/health")).status() == 401);
        assertEquals(404, admin.get(labd.url("/api/v1/users/dave")).status());
    }

    /**
     * rbac keeps bindings, ca keeps users: ca asks rbac before a user goes (the last admin stays) and
     * a deleted user's bindings go with it, so a new user of the same name inherits nothing.
     */
    @Test
    void theLastAdminStaysAndADeletedUsersRolesDoNotPassToANewUserOfTheSameName() throws Exception {
        Http admin = labd.admin();
        KeyPair keys = TestPki.keyPair();
        Http.Response created = admin.post(labd.url("/api/v1/users"), body("frank", TestPki.csr(keys, "frank"), 0));
        assertEquals(201, created.status(), created.body());
        Http frank = new Http(Tls.context(ca, Tls.certificate(Json.tree(created.body()).path("certificate").asText()),
                keys.getPrivate()));
        assertEquals(201, admin.post(labd.url("/api/v1/roles/admin/bindings"), "{\"user\":\"frank\"}").status());
        assertEquals(200, frank.delete(labd.url("/api/v1/roles/admin/bindings/admin")).status(), "frank alone holds admin");

        Http.Response last = frank.delete(labd.url("/api/v1/users/frank"));
        assertEquals(409, last.status(), last.body());
        assertTrue(last.body().contains("last one bound to role admin"), last.body());
        assertEquals(200, frank.get(labd.url("/api/v1/users/frank")).status(), "frank is still there");
        assertEquals(1, Json.tree(frank.get(labd.url("/api/v1/users/frank")).body()).path("certificates").size());
        assertEquals(200, frank.get(labd.url("/api/v1/users")).status(), "and still admin, his certificate unrevoked");

        assertEquals(201, frank.post(labd.url("/api/v1/roles/admin/bindings"), "{\"user\":\"admin\"}").status());
        assertEquals(200, admin.delete(labd.url("/api/v1/users/frank")).status());
        Http.Response again = admin.post(labd.url("/api/v1/users"), body("frank", TestPki.csr(TestPki.keyPair(), "frank"), 0));
        assertEquals(201, again.status(), again.body());
        JsonNode permissions = Json.tree(admin.get(labd.url("/api/v1/auth/permissions?user=frank")).body());
        assertEquals(0, permissions.path("roles").size(), "the new frank inherits no role: " + permissions);
        assertFalse(admin.get(labd.url("/api/v1/roles/admin")).body().contains("\"frank\""));
        assertEquals(200, admin.delete(labd.url("/api/v1/users/frank")).status());
    }

    @Test
    void badRequestsGetClearErrorsAndChangeNothing() throws Exception {
        Http admin = labd.admin();
        KeyPair keys = TestPki.keyPair();
        Http.Response badName = admin.post(labd.url("/api/v1/users"), body("Bad Name!", TestPki.csr(keys, "x"), 0));
        assertEquals(400, badName.status());
        assertTrue(badName.body().contains("is not valid"), badName.body());

        Http.Response badCsr = admin.post(labd.url("/api/v1/users"), body("erin", "not a csr", 0));
        assertEquals(400, badCsr.status());
        assertTrue(badCsr.body().contains("CERTIFICATE REQUEST"), badCsr.body());
        assertEquals(404, admin.get(labd.url("/api/v1/users/erin")).status(), "nothing was created");

        Http.Response tooLong = admin.post(labd.url("/api/v1/users"), body("erin", TestPki.csr(keys, "erin"), 3650L * 86400));
        assertEquals(400, tooLong.status());
        assertEquals(404, admin.get(labd.url("/api/v1/users/erin")).status(), "nothing was created");

        assertEquals(201, admin.post(labd.url("/api/v1/users"), body("erin", TestPki.csr(keys, "erin"), 0)).status());
        Http.Response duplicate = admin.post(labd.url("/api/v1/users"), body("erin", TestPki.csr(keys, "erin"), 0));
        assertEquals(409, duplicate.status());
        assertEquals(1, Json.tree(admin.get(labd.url("/api/v1/users/erin")).body()).path("certificates").size(),
                "the duplicate issued no certificate");

        Http.Response adminGone = admin.delete(labd.url("/api/v1/users/admin"));
        assertEquals(400, adminGone.status());
        assertEquals(404, admin.delete(labd.url("/api/v1/users/nobody")).status());
        assertNull(Json.tree(admin.get(labd.url("/api/v1/users/erin")).body()).path("certificates").path(0)
                .path("revokedAt").textValue());
    }
}
