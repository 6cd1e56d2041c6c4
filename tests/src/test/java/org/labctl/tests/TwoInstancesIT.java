package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.Test;

/**
 * labd is stateless: two instances on one database (a PostgreSQL started by this test) and one
 * master key agree on one CA, serve each other's users, and see each other's revocations within
 * seconds.
 */
class TwoInstancesIT {

    @Test
    void twoInstancesShareOneCaAndSeeEachOthersRevocations() throws Exception {
        Path dir = Repo.scratch("two");
        try (SharedDatabase database = new SharedDatabase(dir)) {
            String url = database.url();
            try (LabdProcess a = database.labd("a").start();
                 LabdProcess b = database.labd("b").start()) {
                // both started at once: they raced to create the schema and the CA
                String clusterA = a.awaitHealthy().clusterId();
                String clusterB = b.awaitHealthy().clusterId();
                assertEquals(clusterA, clusterB, "one installation");
                try (Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                     Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM certificate_authorities")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1), "exactly one root CA");
                }
                X509Certificate caA = Tls.certificate(Tls.Config.read(a.adminConfig()).ca());
                X509Certificate caB = Tls.certificate(Tls.Config.read(b.adminConfig()).ca());
                assertEquals(caA, caB, "one CA");

                // a user created through A works on B
                KeyPair keys = TestPki.keyPair();
                Http.Response created = a.admin().post(a.url("/api/v1/users"),
                        "{\"name\":\"grace\",\"csr\":" + Json.quote(TestPki.csr(keys, "x")) + "}");
                assertEquals(201, created.status(), created.body());
                JsonNode answer = Json.tree(created.body());
                Http grace = new Http(Tls.context(caA, Tls.certificate(answer.path("certificate").asText()), keys.getPrivate()));
                assertEquals(200, grace.get(b.url("/api/v1/health")).status());

                // deleted through A (certificates revoked): B refuses her within seconds
                assertEquals(200, a.admin().delete(a.url("/api/v1/users/grace")).status());
                Await.until(Duration.ofSeconds(10), "B refuses the revoked certificate",
                        () -> grace.getUnchecked(b.url("/api/v1/health")).status() == 401);
                assertEquals(200, b.get("/api/v1/health").status(), "B still serves the admin");
            }
        }
    }
}
