package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.BundleHealth;
import org.labctl.api.DatabaseHealth;
import org.labctl.api.HealthInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;

/** {@code labctl status} against the JDK HTTP server standing in for labd (real-labd tests: tests module). */
class StatusCommandTest {

    private static final HealthInfo OK = new HealthInfo("ok", "0.1.0-SNAPSHOT", "i-7", "c-42", "2026-11-28T22:00:00Z",
            192, new DatabaseHealth(true, "embedded", "jdbc:postgresql://localhost:5432/labd", "PostgreSQL 14.22", "1", null),
            List.of(new BundleHealth("org.labctl.api", "0.1.0", "Active"),
                    new BundleHealth("org.labctl.core", "0.1.0", "Active")));

    @TempDir
    Path home;

    private LabdStandIn labd;
    private String config;

    @BeforeEach
    void startStandIn() throws IOException {
        labd = new LabdStandIn();
        config = labd.writeConfig(home).toString();
    }

    @AfterEach
    void stopStandIn() {
        labd.close();
    }

    private CliRun.Result status(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "status";
        args[1] = "--config";
        args[2] = config;
        System.arraycopy(options, 0, args, 3, options.length);
        return new CliRun(home).run(args);
    }

    @Test
    void table() {
        labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
        CliRun.Result result = status();
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Server:    %s
                Status:    ok
                Version:   0.1.0-SNAPSHOT
                Uptime:    3m12s   (started 2026-11-28T22:00:00Z)
                Cluster:   c-42
                Database:  up (embedded, PostgreSQL 14.22, schema 1)

                BUNDLE            VERSION   STATE
                org.labctl.api    0.1.0     Active
                org.labctl.core   0.1.0     Active
                """.formatted(labd.url()), result.out());
        assertEquals("", result.err());
    }

    @Test
    void wideAddsInstanceAndDatabaseUrl() {
        labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
        CliRun.Result result = status("-o", "wide");
        assertTrue(result.out().contains("Instance:  i-7\n"), result::toString);
        assertTrue(result.out().contains(
                "Database:  up (embedded jdbc:postgresql://localhost:5432/labd, PostgreSQL 14.22, schema 1)\n"),
                result::toString);
    }

    @Test
    void jsonIsTheHealthInfoAsReturned() throws IOException {
        labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
        CliRun.Result result = status("-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(OK, Mappers.json().readValue(result.out(), HealthInfo.class));
        assertTrue(result.out().startsWith("{\n  \"status\": \"ok\",\n  \"version\": \"0.1.0-SNAPSHOT\",\n"),
                result::toString);
    }

    @Test
    void yamlIsTheHealthInfoAsReturned() throws IOException {
        labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
        CliRun.Result result = status("-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(OK, Mappers.yaml().readValue(result.out(), HealthInfo.class));
        assertTrue(result.out().startsWith("status: ok\nversion: 0.1.0-SNAPSHOT\n"), result::toString);
        assertTrue(result.out().contains("  schemaVersion: \"1\"\n"), result::toString);
        assertTrue(result.out().contains("bundles:\n  - name: org.labctl.api\n"), result::toString);
    }

    @Test
    void degradedPrintsEverythingAndExitsOne() {
        labd.answer("/api/v1/health", 503, Fixtures.HEALTH_DEGRADED);
        CliRun.Result result = status();
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.out().contains("Status:    degraded\n"), result::toString);
        assertTrue(result.out().contains("Uptime:    1h2m   (started 2026-11-28T22:00:00Z)\n"), result::toString);
        assertTrue(result.out().contains(
                "Database:  down (external jdbc:postgresql://db:5432/labd): connection refused\n"), result::toString);
        assertTrue(result.out().contains("org.labctl.core   0.1.0     Resolved\n"), result::toString);
        assertEquals("error: labd at " + labd.url() + " is degraded: the database is down, org.labctl.core is Resolved "
                + "(see labd's log)\n", result.err());
    }

    @Test
    void degradedAsJsonStillPrintsTheDocument() throws IOException {
        labd.answer("/api/v1/health", 503, Fixtures.HEALTH_DEGRADED);
        CliRun.Result result = status("-o", "json");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("degraded", Mappers.json().readValue(result.out(), HealthInfo.class).status());
    }

    @Test
    void notFoundExitsFour() {
        labd.answer("/api/v1/health", 404, Fixtures.error(404, "not_found", "no health here"));
        CliRun.Result result = status();
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no health here\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void permissionDeniedExitsThree() {
        labd.answer("/api/v1/health", 403, Fixtures.error(403, "permission_denied",
                "permission read:*:*:health is missing: ask an admin to bind a role that has it"));
        CliRun.Result result = status();
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: permission read:*:*:health is missing: ask an admin to bind a role that has it\n",
                result.err());
    }

    @Test
    void unauthenticatedExitsThree() {
        labd.answer("/api/v1/health", 401, "");
        CliRun.Result result = status();
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: labd did not accept the credentials of " + config), result::toString);
    }

    @Test
    void invalidArgumentExitsTwo() {
        labd.answer("/api/v1/health", 400, Fixtures.error(400, "invalid_argument", "bad"));
        assertEquals(ExitCode.USAGE, status().exitCode());
    }

    @Test
    void unavailableErrorBodyExitsFive() {
        labd.answer("/api/v1/health", 503, Fixtures.error(503, "unavailable", "the database is starting: try again"));
        CliRun.Result result = status();
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " is unavailable: the database is starting: try again\n",
                result.err());
    }

    @Test
    void unavailableWithoutJsonBodyExitsFive() {
        labd.answer("/api/v1/health", 503, "<html>Service Unavailable</html>");
        CliRun.Result result = status();
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " is unavailable: try again shortly, and see ./lab status\n",
                result.err());
    }

    @Test
    void serverErrorWithoutBodyExitsOne() {
        labd.answer("/api/v1/health", 500, "<html>oops</html>");
        CliRun.Result result = status();
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labd answered HTTP 500 to GET /api/v1/health (labd's log has the details)\n", result.err());
    }

    @Test
    void unreachableExitsFive() throws IOException {
        Path closed = home.resolve("closed.yaml");
        Files.writeString(closed, "server: " + LabdStandIn.closedPortUrl() + "\n");
        CliRun.Result result = new CliRun(home).run("status", "--config", closed.toString());
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertTrue(result.err().matches("error: cannot reach labd at http://127\\.0\\.0\\.1:\\d+: connection refused\\. "
                + "Is it running\\? \\(\\./lab status\\)\n"), result::toString);
    }

    @Test
    void slowAnswerTimesOutWith124() {
        labd.neverAnswer("/api/v1/health");
        CliRun.Result result = status("--request-timeout", "200ms");
        assertEquals(ExitCode.TIMEOUT, result.exitCode(), result::toString);
        assertEquals("error: labd at " + labd.url() + " did not answer GET /api/v1/health within 200ms: "
                + "try again, or pass a larger --request-timeout\n", result.err());
    }

    @Test
    void globalOptionsWorkBeforeTheCommandToo() {
        labd.answer("/api/v1/health", 200, Fixtures.HEALTH_OK);
        CliRun.Result result = new CliRun(home).run("--config", config, "--request-timeout", "5s", "status", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    }
}
