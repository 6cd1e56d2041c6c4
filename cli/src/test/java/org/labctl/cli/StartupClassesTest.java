package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code labctl version --client} loads, in a JVM of its own: start-up is most of a labctl
 * command's latency, so BouncyCastle must wait for {@code create user}, the kinds' commands for
 * their verb ({@link org.labctl.cli.command.VerbCommand}), and the exec machinery and JLine for
 * {@code exec} (JLine for {@code exec -t}).
 */
class StartupClassesTest {

    @TempDir
    Path directory;

    @Test
    void versionLoadsNeitherBouncyCastleNorTheKindsCommands() throws IOException, InterruptedException {
        List<String> loaded = loadedClasses(ExitCode.OK, "version", "--client");
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" org.labctl.cli.command.VersionCommand ")),
                "the log does not list labctl's classes");
        List<String> unwanted = loaded.stream()
                .filter(line -> line.contains(" org.bouncycastle.") || line.contains(" org.labctl.cli.command.GetUsersCommand ")
                        || line.contains(" org.labctl.cli.command.CreateUserCommand ")
                        || line.contains(" org.labctl.cli.Pkcs10 ")
                        // picocli made exec's options, whose completion candidates it loads, only for exec
                        || line.contains(" org.labctl.cli.command.ExecOptions$Formats ")
                        || line.contains(" org.labctl.cli.exec.") || line.contains(" org.jline."))
                .toList();
        assertEquals(List.of(), unwanted);
    }

    /** JLine is for {@code exec -t} alone: an exec without a terminal, up to its connection failing, does without it. */
    @Test
    void execWithoutATerminalLoadsNoJLine() throws IOException, InterruptedException {
        Path config = directory.resolve("closed.labctl.yaml");
        Files.writeString(config, "server: " + LabdStandIn.closedPortUrl() + "\n");
        List<String> loaded = loadedClasses(ExitCode.UNREACHABLE, "exec", "--config", config.toString(), "server/web-1", "--", "true");
        assertTrue(loaded.stream().anyMatch(line -> line.contains(" org.labctl.cli.exec.ExecLoop ")),
                "exec did not get as far as its loop");
        assertEquals(List.of(), loaded.stream().filter(line -> line.contains(" org.jline.")).toList());
    }

    /** The class-loading log of labctl run with {@code args}, which must end with {@code exitCode}. */
    private List<String> loadedClasses(int exitCode, String... args) throws IOException, InterruptedException {
        Path log = directory.resolve("class-load.log");
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process labctl = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(directory.resolve("output.log").toFile())
                .start();
        if (!labctl.waitFor(60, TimeUnit.SECONDS)) {
            labctl.destroyForcibly();
            throw new AssertionError("labctl " + String.join(" ", args) + " did not finish within 60 s");
        }
        assertEquals(exitCode, labctl.exitValue(), () -> read(directory.resolve("output.log")));
        return Files.readAllLines(log);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
