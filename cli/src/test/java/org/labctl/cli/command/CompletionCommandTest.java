package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;

/** The completion scripts are generated from the command tree and are valid for their shell. */
class CompletionCommandTest {

    private static final List<String> SUBCOMMAND_PATHS = List.of("version", "status", "config", "config view", "completion");

    @TempDir
    Path home;

    @Test
    void bashScriptPassesBashSyntaxCheck() throws Exception {
        CliRun.Result result = new CliRun(home).run("completion", "bash");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().contains("complete -F _complete_labctl"), result::out);
        assertEquals(0, syntaxCheck(result.out(), "bash", "-n"), "bash -n rejected the script");
    }

    @Test
    void fishScriptCompletesEverySubcommandAndTheOutputFormats() {
        CliRun.Result result = new CliRun(home).run("completion", "fish");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        for (String path : SUBCOMMAND_PATHS) {
            String parent = path.contains(" ") ? " " + path.substring(0, path.lastIndexOf(' ')) : "";
            String name = path.substring(path.lastIndexOf(' ') + 1);
            assertTrue(result.out().contains("complete -c labctl -n '__labctl_at" + parent + "' -a '" + name + "'"),
                    () -> path + " missing from\n" + result.out());
        }
        assertTrue(result.out().contains("complete -c labctl -n '__labctl_at status' -s o -l output -x -a 'table wide json yaml'"),
                result::out);
        assertTrue(result.out().contains("complete -c labctl -n '__labctl_at' -l config -r -F"), result::out);
        assertTrue(result.out().contains("complete -c labctl -n '__labctl_at completion' -a 'bash fish'"), result::out);
    }

    @Test
    void fishScriptPassesFishSyntaxCheckWhereFishIsInstalled() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        CliRun.Result result = new CliRun(home).run("completion", "fish");
        assertEquals(0, syntaxCheck(result.out(), "fish", "--no-execute"), "fish --no-execute rejected the script");
    }

    @Test
    void unknownShellIsAUsageError() {
        CliRun.Result result = new CliRun(home).run("completion", "tcsh");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: unsupported shell 'tcsh': use one of bash, fish\n"), result::toString);
    }

    private int syntaxCheck(String script, String... command) throws IOException, InterruptedException {
        Path file = home.resolve("completion-script");
        Files.writeString(file, script);
        List<String> commandLine = new ArrayList<>(List.of(command));
        commandLine.add(file.toString());
        Process process = new ProcessBuilder(commandLine).redirectErrorStream(true)
                .redirectOutput(home.resolve("syntax-check.log").toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 30 s");
        }
        if (process.exitValue() != 0) {
            System.err.println(Files.readString(home.resolve("syntax-check.log")));
        }
        return process.exitValue();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
