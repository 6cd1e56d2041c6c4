package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;
import org.labctl.cli.ClientVersion;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;

/** {@code labctl version} against the JDK HTTP server standing in for labd (real-labd tests: tests module). */
class VersionCommandTest {

    private static final String CLIENT = ClientVersion.current();

    @TempDir
    Path home;

    private LabdStandIn labd;
    private String config;

    @BeforeEach
    void startStandIn() throws IOException {
        labd = new LabdStandIn().answer("/api/v1/version", 200, Fixtures.VERSION);
        config = labd.writeConfig(home).toString();
    }

    @AfterEach
    void stopStandIn() {
        labd.close();
    }

    @Test
    void clientOnlyNeedsNoConfig() {
        CliRun.Result result = new CliRun(home).run("version", "--client");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("Client Version: " + CLIENT + "\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void clientOnlyAsJson() {
        CliRun.Result result = new CliRun(home).run("version", "--client", "-o", "json");
        assertEquals("{\n  \"client\": {\n    \"version\": \"" + CLIENT + "\"\n  }\n}\n", result.out());
    }

    @Test
    void humanFormShowsBothVersions() {
        CliRun.Result result = new CliRun(home).run("version", "--config", config);
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("Client Version: " + CLIENT + "\nServer Version: 0.1.0-SNAPSHOT\n", result.out());
    }

    @Test
    void wideAddsTheServerRuntime() {
        CliRun.Result result = new CliRun(home).run("version", "--config", config, "-o", "wide");
        assertEquals("Client Version: " + CLIENT + "\nServer Version: 0.1.0-SNAPSHOT\n"
                + "Server Java: 17.0.15\nServer Karaf: 4.4.10\n", result.out());
    }

    @Test
    void json() {
        CliRun.Result result = new CliRun(home).run("version", "--config", config, "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                {
                  "client": {
                    "version": "%s"
                  },
                  "server": {
                    "version": "0.1.0-SNAPSHOT",
                    "java": "17.0.15",
                    "karaf": "4.4.10"
                  }
                }
                """.formatted(CLIENT), result.out());
    }

    @Test
    void yaml() {
        CliRun.Result result = new CliRun(home).run("version", "--config", config, "-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                client:
                  version: %s
                server:
                  version: 0.1.0-SNAPSHOT
                  java: 17.0.15
                  karaf: 4.4.10
                """.formatted(CLIENT), result.out());
    }

    @Test
    void unreachableServerStillPrintsTheClientVersion() throws IOException {
        Path closed = home.resolve("closed.yaml");
        Files.writeString(closed, "server: " + LabdStandIn.closedPortUrl() + "\n");
        CliRun.Result result = new CliRun(home).run("version", "--config", closed.toString());
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("Client Version: " + CLIENT + "\n", result.out());
        assertTrue(result.err().startsWith("error: cannot reach labd at http://127.0.0.1:"), result::toString);
        assertTrue(result.err().endsWith(": connection refused. Is it running? (./lab status)\n"), result::toString);
    }

    @Test
    void unreachableServerAsJsonPrintsTheClientPart() throws IOException {
        Path closed = home.resolve("closed.yaml");
        Files.writeString(closed, "server: " + LabdStandIn.closedPortUrl() + "\n");
        CliRun.Result result = new CliRun(home).run("version", "--config", closed.toString(), "-o", "json");
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertEquals("{\n  \"client\": {\n    \"version\": \"" + CLIENT + "\"\n  }\n}\n", result.out());
    }
}
