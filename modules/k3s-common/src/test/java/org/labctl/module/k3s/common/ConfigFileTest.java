package org.labctl.module.k3s.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @Test
    void eachValueStaysOnItsLineAndEmptyOnesAreLeftOut() {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("node-name", "web-1");
        entries.put("tls-san", List.of("k3s.example.net", "10.0.0.1"));
        entries.put("token", "abc\ninjected: true");
        entries.put("node-label", List.of());
        entries.put("write-kubeconfig-mode", "");
        assertEquals("# written by labctl's k3s module: changes here are overwritten\n"
                + "node-name: \"web-1\"\n"
                + "tls-san: [\"k3s.example.net\",\"10.0.0.1\"]\n"
                + "token: \"abc\\ninjected: true\"\n", ConfigFile.render(entries));
        assertEquals(List.of("node-name", "tls-san", "token"), ConfigFile.keys(entries));
    }

    @Test
    void writesOwnerOnlyAndTellsWhetherItChanged(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("etc/rancher/k3s/config.yaml");
        assertTrue(ConfigFile.write(file, "token: \"s\"\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(ConfigFile.write(file, "token: \"s\"\n"));
        assertTrue(ConfigFile.write(file, "token: \"t\"\n"));
        assertEquals("token: \"t\"\n", Files.readString(file));
    }

    @Test
    void commandOutputNeverShowsASecret(@TempDir Path directory) throws Exception {
        Command.Result result = Command.run(List.of("sh", "-c", "echo joining with s3cr3t-token; exit 3"), Map.of(), directory,
                java.time.Duration.ofSeconds(10), List.of("s3cr3t-token"));
        assertEquals(3, result.exitCode());
        assertEquals("joining with ********", result.tail(1));
    }

    @Test
    void aCommandThatRunsOverItsTimeIsStopped(@TempDir Path directory) {
        long start = System.nanoTime();
        java.io.IOException late = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> Command.run(
                List.of("sh", "-c", "sleep 30"), Map.of(), directory, java.time.Duration.ofSeconds(1), List.of()));
        assertTrue(late.getMessage().contains("did not finish within 1 s"), late.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }
}
