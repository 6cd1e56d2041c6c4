package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.labctl.api.HealthInfo;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.junit.jupiter.api.Test;

/**
 * labd on its embedded PostgreSQL, as a real process: data survives a clean restart and a
 * {@code kill -9}; the database is private to labd; labd listens on loopback only. The first test
 * starts as a new installation does (PostgreSQL unpacked and initdb run by labd itself).
 */
class EmbeddedDatabaseIT {

    @Test
    void embeddedDatabaseKeepsDataAcrossRestartAndKill() throws Exception {
        Path dir = Repo.scratch("embedded");
        try (LabdProcess labd = LabdProcess.unpack(dir).asShipped().start()) {
            HealthInfo first = labd.awaitHealthy();
            assertEquals("embedded", first.database().mode());
            assertTrue(first.database().url().startsWith("jdbc:postgresql://127.0.0.1:"), first.database().url());
            assertEquals("7", first.database().schemaVersion());
            assertEquals(Map.of("core", "7", "ca", "2", "rbac", "2", "exec", "2", "modules", "2", "clusters", "1",
                    "pulumi", "2"), first.database().schemas());
            assertTrue(first.database().product().startsWith("PostgreSQL 14"), first.database().product());
            assertNotNull(first.clusterId());
            assertTrue(first.bundles().stream().anyMatch(b -> b.name().equals("org.labctl.core") && b.state().equals("Active")));

            Path postgres = labd.data().resolve("postgres");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres.resolve("password"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres)));
            int pgPort = Integer.parseInt(first.database().url().replaceAll(".*:(\\d+)/.*", "$1"));
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + pgPort + "/labd", "postgres", "").close());
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());

            labd.stop();
            assertTrue(labd.embeddedPostgres().isEmpty(), "a clean stop of labd stops its PostgreSQL");

            labd.start();
            HealthInfo second = labd.awaitHealthy();
            assertEquals(first.clusterId(), second.clusterId(), "the installation identity survives a restart");
            assertFalse(first.instanceId().equals(second.instanceId()), "each labd start is a new instance");

            Optional<ProcessHandle> orphan = labd.embeddedPostgres();
            assertTrue(orphan.isPresent());
            labd.kill();
            assertTrue(orphan.get().isAlive(), "kill -9 of labd leaves its PostgreSQL running");

            labd.start();
            HealthInfo third = labd.awaitHealthy();
            assertEquals(first.clusterId(), third.clusterId(), "data survives kill -9");
            assertFalse(orphan.get().isAlive(), "labd took over from the orphaned PostgreSQL");
        }
    }

    @Test
    void listensOnLoopbackOnlyAndShipsNoKarafUser() throws Exception {
        Path dir = Repo.scratch("loopback");
        try (LabdProcess labd = LabdProcess.unpack(dir).start()) {
            labd.awaitHealthy();
            String users = Files.readString(labd.home().resolve("etc/users.properties"));
            assertFalse(users.lines().anyMatch(l -> l.trim().startsWith("karaf")), "no karaf user ships:\n" + users);

            Http.Response version = labd.get("/api/v1/version");
            assertEquals(200, version.status());
            assertTrue(version.body().contains("\"version\":\"" + Repo.version() + "\""), version.body());

            Http.Response missing = labd.get("/api/v1/no-such-thing");
            assertEquals(404, missing.status());
            assertTrue(missing.body().contains("\"error\":\"not_found\""), missing.body());

            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isLoopback() || !nic.isUp()) {
                    continue;
                }
                for (var address : Collections.list(nic.getInetAddresses())) {
                    if (!(address instanceof Inet4Address)) {
                        continue;
                    }
                    try (Socket socket = new Socket()) {
                        assertThrows(java.io.IOException.class,
                                () -> socket.connect(new InetSocketAddress(address, labd.port()), 2000),
                                "labd must not answer on " + address.getHostAddress());
                    }
                }
            }
        }
    }
}
