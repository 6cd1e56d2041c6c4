package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the config comes from and how a bad one is reported (DESIGN.md §3). */
class ConfigResolutionTest {

    private static final String KEY = "-----BEGIN PRIVATE KEY-----\n  c2VjcmV0LWtleS1tYXRlcmlhbA==\n  -----END PRIVATE KEY-----";

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void noConfigAnywhereSaysWhereToPutOne() {
        CliRun.Result result = new CliRun(home).run("config", "view");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: no labctl config found: pass --config FILE, set LABCTL_CONFIG, or create "
                + "~/.config/labctl/config.yaml (./lab up prints the export line)\n", result.err());
    }

    @Test
    void missingConfigOptionFileIsNamed() {
        Path missing = work.resolve("missing.yaml");
        CliRun.Result result = new CliRun(home).run("status", "--config", missing.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labctl config " + missing + " (from --config) does not exist: "
                + "pass the path of an existing file\n", result.err());
    }

    @Test
    void missingEnvironmentFileIsNamedWithTheVariable() {
        Path missing = work.resolve("gone.yaml");
        CliRun.Result result = new CliRun(home).env("LABCTL_CONFIG", missing.toString()).run("status");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains(missing + " (from LABCTL_CONFIG) does not exist"), result::toString);
    }

    @Test
    void configOptionWinsOverEnvironmentWhichWinsOverDefault() throws IOException {
        Path fromOption = write("option.yaml", "server: https://option.example:8443\n");
        Path fromEnv = write("env.yaml", "server: https://env.example:8443\n");
        Path defaultFile = home.resolve(".config/labctl/config.yaml");
        Files.createDirectories(defaultFile.getParent());
        Files.writeString(defaultFile, "server: https://default.example:8443/\n");

        CliRun cli = new CliRun(home).env("LABCTL_CONFIG", fromEnv.toString());
        assertEquals("server: https://option.example:8443\n", cli.run("--config", fromOption.toString(), "config", "view").out());
        assertEquals("server: https://option.example:8443\n", cli.run("config", "view", "--config", fromOption.toString()).out());
        assertEquals("server: https://env.example:8443\n", cli.run("config", "view").out());
        assertEquals("server: https://default.example:8443\n", new CliRun(home).run("config", "view").out());
        assertEquals(defaultFile + "\n", new CliRun(home).run("config", "view", "--show-path").out());
    }

    @Test
    void malformedYamlNamesTheFileAndTheLineButNotItsContent() throws IOException {
        Path bad = write("bad.yaml", "server: https://a:1\nkey: [" + "c2VjcmV0LWtleS1tYXRlcmlhbA==\n");
        CliRun.Result result = new CliRun(home).run("status", "--config", bad.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: labctl config " + bad + " is not valid: line 3, column 1: "),
                result::toString);
        assertFalse(result.err().contains("c2VjcmV0"), result::toString);
    }

    @Test
    void missingServerIsExplained() throws IOException {
        Path config = write("noserver.yaml", "user: admin\n");
        CliRun.Result result = new CliRun(home).run("status", "--config", config.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: labctl config " + config + " is not valid: key 'server' is missing: set it to labd's URL, "
                + "such as https://127.0.0.1:8443\n", result.err());
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        Path config = write("typo.yaml", "sever: https://a:1\n");
        CliRun.Result result = new CliRun(home).run("status", "--config", config.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains("unknown key 'sever' (known keys: server, user, ca, cert, key)"), result::toString);
    }

    @Test
    void serverMustBeAWebUrl() throws IOException {
        Path config = write("ftp.yaml", "server: ftp://a:1\n");
        CliRun.Result result = new CliRun(home).run("status", "--config", config.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains("key 'server' must be an http:// or https:// URL"), result::toString);
    }

    @Test
    void aKeyThatIsNotPemIsRejectedWithoutQuotingIt() throws IOException {
        Path config = write("rawkey.yaml", "server: https://a:1\nkey: c2VjcmV0LWtleS1tYXRlcmlhbA==\n");
        CliRun.Result result = new CliRun(home).run("config", "view", "--config", config.toString());
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains("key 'key' must hold a PEM block"), result::toString);
        assertFalse(result.err().contains("c2VjcmV0"), result::toString);
    }

    @Test
    void parsedConfigKeepsThePemBlocksForMutualTls() throws IOException {
        Path config = write("full.yaml", "server: https://127.0.0.1:8443\nuser: admin\n"
                + "ca: |\n  -----BEGIN CERTIFICATE-----\n  Y2E=\n  -----END CERTIFICATE-----\n"
                + "cert: |\n  -----BEGIN CERTIFICATE-----\n  Y2VydA==\n  -----END CERTIFICATE-----\n"
                + "key: |\n  " + KEY + "\n");
        ClientConfig loaded = new ClientConfigLoader(java.util.Map.of(), home).load(config);
        assertEquals("https://127.0.0.1:8443", loaded.server().toString());
        assertEquals("admin", loaded.user());
        assertTrue(loaded.ca().contains("Y2E="));
        assertTrue(loaded.cert().contains("Y2VydA=="));
        assertTrue(loaded.key().contains("c2VjcmV0LWtleS1tYXRlcmlhbA=="));
        assertFalse(loaded.toString().contains("c2VjcmV0"), loaded::toString);
    }

    private Path write(String name, String content) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
