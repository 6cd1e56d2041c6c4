package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;

/** {@code labctl config view} shows the config but never the private key. */
class ConfigViewCommandTest {

    private static final String SECRET = "c2VjcmV0LWtleS1tYXRlcmlhbA==";

    @TempDir
    Path home;

    private Path config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = home.resolve("admin.labctl.yaml");
        Files.writeString(config, """
                server: https://127.0.0.1:8443
                user: admin
                ca: |
                  -----BEGIN CERTIFICATE-----
                  Y2E=
                  -----END CERTIFICATE-----
                key: |
                  -----BEGIN PRIVATE KEY-----
                  %s
                  -----END PRIVATE KEY-----
                """.formatted(SECRET));
    }

    @Test
    void yamlRedactsTheKey() {
        CliRun.Result result = new CliRun(home).run("config", "view", "--config", config.toString());
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                server: https://127.0.0.1:8443
                user: admin
                ca: |
                  -----BEGIN CERTIFICATE-----
                  Y2E=
                  -----END CERTIFICATE-----
                key: REDACTED
                """, result.out());
        assertFalse(result.out().contains(SECRET) || result.err().contains(SECRET));
    }

    @Test
    void jsonRedactsTheKey() {
        CliRun.Result result = new CliRun(home).run("config", "view", "-o", "json", "--config", config.toString());
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                {
                  "server": "https://127.0.0.1:8443",
                  "user": "admin",
                  "ca": "-----BEGIN CERTIFICATE-----\\nY2E=\\n-----END CERTIFICATE-----\\n",
                  "key": "REDACTED"
                }
                """, result.out());
    }

    @Test
    void showPathPrintsOnlyThePath() {
        CliRun.Result result = new CliRun(home).env("LABCTL_CONFIG", config.toString()).run("config", "view", "--show-path");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(config + "\n", result.out());
    }
}
