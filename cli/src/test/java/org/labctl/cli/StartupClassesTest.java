package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code labctl version --client} loads, in a JVM of its own: start-up is most of a labctl
 * command's latency, so BouncyCastle must wait for {@code create user}, and the kinds' commands for
 * their verb ({@link org.labctl.cli.command.VerbCommand}).
 */
class StartupClassesTest {

    @TempDir
    Path directory;

    @Test
    void versionLoadsNeitherBouncyCastleNorTheKindsCommands() throws IOException, InterruptedException {
        Path log = directory.resolve("class-load.log");
        Process labctl = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "version", "--client")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output.log").toFile())
                .start();
        if (!labctl.waitFor(60, TimeUnit.SECONDS)) {
            labctl.destroyForcibly();
            throw new AssertionError("labctl version --client did not finish within 60 s");
        }
        assertEquals(0, labctl.exitValue(), () -> read(directory.resolve("output.log")));
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" org.labctl.cli.command.VersionCommand ")),
                "the log does not list labctl's classes");
        List<String> unwanted = loaded.stream()
                .filter(line -> line.contains(" org.bouncycastle.") || line.contains(" org.labctl.cli.command.GetUsersCommand ")
                        || line.contains(" org.labctl.cli.command.CreateUserCommand ")
                        || line.contains(" org.labctl.cli.Pkcs10 "))
                .toList();
        assertEquals(List.of(), unwanted);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
