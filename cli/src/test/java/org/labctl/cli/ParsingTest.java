package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.command.VerbCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Parsing and exit codes through the real command line, in-process. */
class ParsingTest {

    @TempDir
    Path home;

    private CliRun.Result run(String... args) {
        return new CliRun(home).run(args);
    }

    @Test
    void unknownCommandIsAUsageErrorWithASuggestion() {
        CliRun.Result result = run("stauts");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: unknown command 'stauts' for 'labctl'\n"), result::toString);
        assertTrue(result.err().contains("Did you mean") && result.err().contains("labctl status"), result::toString);
        assertTrue(result.err().contains("Usage: labctl "), result::toString);
        assertEquals("", result.out());
    }

    /**
     * A command labctl does not have is named as such, even when a word after it is one of labctl's
     * commands: {@code labctl helm … get pods} must not run {@code get} (nor blame its kinds).
     */
    @Test
    void anUnknownCommandStopsTheParseBeforeTheCommandsAfterIt() {
        CliRun.Result helm = run("helm", "--cluster", "x", "get", "pods");
        assertEquals(ExitCode.USAGE, helm.exitCode(), helm::toString);
        assertTrue(helm.err().startsWith("error: unknown command 'helm' for 'labctl'\n"), helm::toString);
        assertTrue(helm.err().contains("Usage: labctl "), helm::toString);
        CliRun.Result option = run("--cluster", "x", "get", "servers");
        assertEquals(ExitCode.USAGE, option.exitCode(), option::toString);
        assertTrue(option.err().startsWith("error: unknown option: '--cluster'\n"), option::toString);
        CliRun.Result group = run("config", "bogus", "view");
        assertEquals(ExitCode.USAGE, group.exitCode(), group::toString);
        assertTrue(group.err().startsWith("error: unknown command 'bogus' for 'labctl config'\n"), group::toString);
        assertEquals("", helm.out() + option.out() + group.out());
    }

    @Test
    void unknownFlagIsAUsageError() {
        CliRun.Result result = run("status", "--bogus");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: unknown option: '--bogus'\n"), result::toString);
        assertTrue(result.err().contains("Run 'labctl status --help' for details and examples."), result::toString);
    }

    @Test
    void badOutputFormatIsAUsageError() {
        CliRun.Result result = run("status", "-o", "xml");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'labctl status' prints table, wide, json or yaml, not xml"), result::toString);
    }

    @Test
    void outputFormatACommandDoesNotHaveIsAUsageError() {
        CliRun.Result result = run("config", "view", "-o", "table");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'labctl config view' prints yaml or json, not table"), result::toString);
    }

    @Test
    void badDurationIsAUsageError() {
        CliRun.Result result = run("status", "--request-timeout", "soon");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'soon' is not a duration"), result::toString);
    }

    @Test
    void noCommandPrintsTheWholeHelpToStderr() {
        CliRun.Result result = run();
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: missing command: 'labctl' needs one of"), result::toString);
        assertTrue(result.err().contains("Exit codes:"), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void groupWithoutSubcommandIsAUsageError() {
        CliRun.Result result = run("config");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: missing command: 'labctl config' needs one of view"), result::toString);
    }

    @Test
    void versionOptionPrintsTheClientVersion() {
        CliRun.Result result = run("--version");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("labctl " + ClientVersion.current() + "\n", result.out());
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        List<String> commands = new ArrayList<>();
        CommandLine root = Labctl.commandLine(terminal());
        VerbCommand.addAllKinds(root);
        collect(root.getCommandSpec(), commands);
        assertTrue(commands.containsAll(List.of("labctl", "labctl version", "labctl status", "labctl config",
                "labctl config view", "labctl completion", "labctl get", "labctl get users", "labctl get tokens",
                "labctl describe", "labctl describe user", "labctl create", "labctl create user", "labctl create token",
                "labctl delete", "labctl delete user", "labctl delete token", "labctl get roles", "labctl get permissions",
                "labctl describe role", "labctl create role", "labctl delete role", "labctl bind", "labctl bind role",
                "labctl unbind", "labctl unbind role", "labctl auth", "labctl auth can-i", "labctl logs",
                "labctl logs audit", "labctl move", "labctl move server", "labctl describe environment",
                "labctl describe cloud", "labctl describe token", "labctl describe bastion")), commands::toString);
        for (String command : commands) {
            if (command.equals("labctl help")) {
                continue;
            }
            List<String> words = List.of(command.split(" "));
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            args.add("--help");
            CliRun.Result result = run(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("Usage: " + command), result::toString);
            assertTrue(result.out().contains("\nExamples:\n  "), result::toString);
        }
    }

    @Test
    void helpCommandListsTheKindsOfAVerb() {
        CliRun.Result result = run("help", "get");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Usage: labctl get [-h] [--config=FILE] [--request-timeout=DURATION] KIND"),
                result::toString);
        assertTrue(result.out().contains("\nKinds:\n  users, user "), result::toString);
        assertTrue(result.out().lines().anyMatch(line -> line.matches("  users, user +List the users of labd\\.")),
                result::toString);
        assertTrue(result.out().lines().anyMatch(line -> line.matches("  environments, environment, envs, env +List .*")),
                result::toString);
    }

    @Test
    void kindsAcceptSingularAndPlural() {
        for (String[] args : List.of(new String[] {"get", "user", "--help"}, new String[] {"get", "users", "--help"},
                new String[] {"get", "-h", "users"}, new String[] {"describe", "users", "--help"})) {
            CliRun.Result result = run(args);
            assertEquals(ExitCode.OK, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("Usage: labctl " + args[0] + " "), result::toString);
        }
    }

    @Test
    void helpCommandShowsAnotherCommandsHelp() {
        CliRun.Result result = run("help", "status");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Usage: labctl status"), result::toString);
    }

    /** The root option values and actions that come before the command's name. */
    @Test
    void theCommandNameIsTheFirstArgumentAfterTheRootsOptions() {
        assertEquals("exec", Labctl.topLevelName(new String[] {"--config", "x.yaml", "exec", "-l", "a=b", "--", "true"}));
        assertEquals("get", Labctl.topLevelName(new String[] {"--config=x.yaml", "--request-timeout", "5s", "get", "servers"}));
        assertEquals("stauts", Labctl.topLevelName(new String[] {"stauts"}));
        assertEquals(null, Labctl.topLevelName(new String[] {"--help", "get"}));
        assertEquals(null, Labctl.topLevelName(new String[] {"-V"}));
        assertEquals(null, Labctl.topLevelName(new String[] {"--config", "x.yaml"}));
        assertEquals(null, Labctl.topLevelName(new String[] {"--", "get"}));
    }

    /**
     * A run builds only the command it names, and that command is the same as in the whole tree
     * (same usage, options and subcommands); help, completion, an unknown name or none get every
     * command.
     */
    @Test
    void aRunBuildsOnlyItsCommandAndTheSameOne() {
        CommandLine whole = Labctl.commandLine(terminal());
        VerbCommand.addAllKinds(whole);
        for (String name : whole.getSubcommands().keySet()) {
            CommandLine alone = Labctl.commandLine(terminal(), new String[] {"--config", "x.yaml", name, "--help"});
            if (name.equals("help") || name.equals("completion")) {
                assertEquals(whole.getSubcommands().keySet(), alone.getSubcommands().keySet(), name);
                continue;
            }
            assertEquals(List.of(name), List.copyOf(alone.getSubcommands().keySet()));
            VerbCommand.addAllKinds(alone);
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(), alone.getSubcommands().get(name).getUsageMessage(),
                    name);
        }
        for (String[] args : List.of(new String[] {}, new String[] {"stauts"}, new String[] {"--help"})) {
            assertEquals(whole.getSubcommands().keySet(), Labctl.commandLine(terminal(), args).getSubcommands().keySet(),
                    List.of(args)::toString);
        }
    }

    private Terminal terminal() {
        return new Terminal(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Map.of(), home);
    }

    private static void collect(CommandSpec command, List<String> into) {
        into.add(command.qualifiedName());
        for (CommandLine sub : command.subcommands().values()) {
            collect(sub.getCommandSpec(), into);
        }
    }
}
