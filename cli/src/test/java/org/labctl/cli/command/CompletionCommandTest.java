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

    private static final List<String> SUBCOMMAND_PATHS = List.of("version", "status", "config", "config view", "completion",
            "get", "get users", "get tokens", "describe", "describe user", "create", "create user", "create token",
            "delete", "delete user", "delete token",
            "get servers", "get clouds", "get environments", "describe server", "create cloud", "create environment",
            "delete server", "delete cloud", "delete environment", "label", "label server",
            "get roles", "get permissions", "describe role", "create role", "delete role", "bind", "bind role", "unbind",
            "unbind role", "auth", "auth can-i", "logs", "logs audit", "move", "move server", "describe environment",
            "describe cloud", "describe token", "describe bastion");

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
    void bashScriptCompletesTheKinds() {
        CliRun.Result result = new CliRun(home).run("completion", "bash");
        assertTrue(result.out().contains("function _picocli_labctl_create_token()"), result::out);
        assertTrue(result.out().contains("--label"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_get_servers()"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_label_server()"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_delete_environment()"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_logs_audit()"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_auth_cani()"), result::out);
        assertTrue(result.out().contains("function _picocli_labctl_bind_role()"), result::out);
    }

    /** fish itself completes command lines with the script: kinds, their aliases and KIND/NAME lead to the kind's options. */
    @Test
    void fishCompletesKindsAliasesAndKindSlashName() throws Exception {
        assumeTrue(onPath("fish"), "fish is not installed");
        CliRun.Result result = new CliRun(home).run("completion", "fish");
        Path script = home.resolve("labctl.fish");
        Files.writeString(script, result.out());
        assertEquals(List.of("bastions", "clouds", "environments", "permissions", "roles", "servers", "tokens", "users"),
                fishCompletes(script, "labctl get "));
        assertTrue(fishCompletes(script, "labctl logs audit -").containsAll(List.of("--follow", "--since", "--until", "--result")));
        assertEquals(List.of("allowed", "denied", "error"), fishCompletes(script, "labctl logs audit --result "));
        assertTrue(fishCompletes(script, "labctl bind role/ops --").contains("--user"));
        assertEquals(List.of("admin", "apply", "destroy", "exec", "kubectl", "manage", "read"),
                fishCompletes(script, "labctl auth can-i "));
        assertTrue(fishCompletes(script, "labctl get servers -").containsAll(List.of("--cloud", "--env", "--label")));
        assertTrue(fishCompletes(script, "labctl label server/web-1 -").contains("--output"));
        assertTrue(fishCompletes(script, "labctl create token --").containsAll(List.of("--label", "--reusable", "--ttl")));
        assertTrue(fishCompletes(script, "labctl get user -").contains("--output"));
        assertTrue(fishCompletes(script, "labctl describe user/dave -").contains("--output"));
        assertEquals(List.of("json", "table", "wide", "yaml"), fishCompletes(script, "labctl get tokens -o "));
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

    /** The candidates fish offers for {@code commandLine}, without their descriptions. */
    private List<String> fishCompletes(Path script, String commandLine) throws IOException, InterruptedException {
        Path output = home.resolve("fish-complete.log");
        Process fish = new ProcessBuilder("fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]",
                script.toString(), commandLine)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!fish.waitFor(30, TimeUnit.SECONDS)) {
            fish.destroyForcibly();
            throw new AssertionError("fish did not finish within 30 s");
        }
        List<String> lines = Files.readAllLines(output);
        assertEquals(0, fish.exitValue(), lines::toString);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("-") || line.matches("\\S+(\t.*)?")),
                () -> "fish complained: " + lines);
        return lines.stream().map(line -> line.split("\t", 2)[0]).sorted().toList();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
