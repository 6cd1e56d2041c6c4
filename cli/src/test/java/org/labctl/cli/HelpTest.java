package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.command.VerbCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every command's help, walked through the whole tree as {@link Main} builds it ({@link Labctl}):
 * its one-line summaries, the output forms it names, and its examples, which must run; and the
 * labctl command lines of the README.
 */
class HelpTest {

    private static final List<String> FORMS = List.of("table", "wide", "json", "yaml");
    /** Examples that change this host (a bastion on eth1, a user's key in ./dave.yaml, a project in ./chrony) are parsed, not run. */
    private static final List<List<String>> PARSED_ONLY = List.of(List.of("init"), List.of("create", "user"),
            List.of("modules", "new"));

    @TempDir
    Path home;

    private Path unreachable;

    @BeforeEach
    void configForALabdThatIsNotThere() throws IOException {
        unreachable = home.resolve("unreachable.labctl.yaml");
        Files.writeString(unreachable, "server: " + LabdStandIn.closedPortUrl() + "\n");
    }

    /**
     * The summary of a command, which its group lists ({@code labctl --help}, {@code labctl logs
     * --help}), is the first line of its description: it must be a whole sentence, not the start of
     * one that the next line goes on with ("Create a resource: a user, a join token for lab-agent,").
     */
    @Test
    void everySummaryIsAWholeSentenceAndEveryHelpRenders() {
        List<String> cut = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : tree().entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = command.getValue().getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            if (!summary.strip().matches("[A-Z].*[.!?]")) {
                cut.add(command.getKey() + ": \"" + summary + "\"");
            }
            StringWriter help = new StringWriter();
            command.getValue().usage(new PrintWriter(help));
            assertTrue(help.toString().contains("Usage: " + command.getKey()), help::toString);
        }
        assertEquals(List.of(), cut, "summaries that are not one whole sentence");
        String root = new CliRun(home).run("--help").out();
        assertTrue(root.contains("Commands:\n"), root);
        for (CommandLine command : Labctl.commandLine(terminal()).getSubcommands().values()) {
            CommandLine.Model.UsageMessageSpec usage = command.getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertTrue(root.replaceAll("\\s+", " ").contains(summary), () -> summary + " is not whole in\n" + root);
        }
    }

    /**
     * Help names the forms -o takes, completion offers them, and -o takes those and no others (help
     * listed all four where {@code logs server} refused yaml when it ran).
     */
    @Test
    void everyHelpNamesTheOutputFormsItsCommandPrints() {
        int checked = 0;
        for (Map.Entry<String, CommandLine> command : tree().entrySet()) {
            OptionSpec output = command.getValue().getCommandSpec().findOption("-o");
            if (output == null) {
                continue;
            }
            checked++;
            Set<String> named = new TreeSet<>();
            for (String word : String.join(" ", output.description()).split("[^a-z]+")) {
                if (FORMS.contains(word)) {
                    named.add(word);
                }
            }
            Set<String> offered = new TreeSet<>();
            output.completionCandidates().forEach(offered::add);
            Set<String> taken = new TreeSet<>();
            List<String> path = List.of(command.getKey().split(" ")).subList(1, command.getKey().split(" ").length);
            for (String form : FORMS) {
                List<String> args = new ArrayList<>(path);
                args.addAll(List.of("-o", form));
                if (takes(args)) {
                    taken.add(form);
                }
            }
            assertFalse(taken.isEmpty(), command.getKey());
            assertEquals(taken, named, command.getKey() + ": the forms help names (" + String.join(" ", output.description()) + ")");
            assertEquals(taken, offered, command.getKey() + ": the forms completion offers");
        }
        assertTrue(checked > 20, "commands with -o: " + checked);
    }

    /**
     * Whether the command takes {@code args} (ending in {@code -o FORM}): picocli parses them, and
     * running them (against a labd that is not there) is refused with anything but "… prints …, not FORM".
     */
    private boolean takes(List<String> args) {
        List<String> help = new ArrayList<>(args);
        help.add("--help");
        try {
            Labctl.commandLine(terminal()).parseArgs(help.toArray(String[]::new));
        } catch (ParameterException refused) {
            assertTrue(refused.getMessage().contains(" prints "), refused::getMessage);
            return false;
        }
        if (parsedOnly(args)) {
            return true;
        }
        CliRun.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new CliRun(home).env("LABCTL_CONFIG", unreachable.toString()).run(args.toArray(String[]::new)));
        return !(result.exitCode() == ExitCode.USAGE && result.err().contains("' prints "));
    }

    private static boolean parsedOnly(List<String> args) {
        return PARSED_ONLY.stream().anyMatch(prefix -> args.size() >= prefix.size() && args.subList(0, prefix.size()).equals(prefix));
    }

    /**
     * Every example in every command's help, as written (after {@code sudo}, {@code VAR=$(…)}, in a
     * pipe), is shown whole and runs: labctl parses it and checks it as far as it can without labd
     * (here one that is not there), so it ends with anything but a usage error (exit 2).
     */
    @Test
    void everyExampleInHelpRuns() {
        List<String> failures = new ArrayList<>();
        int examples = 0;
        for (Map.Entry<String, CommandLine> command : tree().entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = command.getValue().getCommandSpec().usageMessage();
            if (!usage.footerHeading().contains("Examples")) {
                continue;
            }
            StringWriter rendered = new StringWriter();
            command.getValue().usage(new PrintWriter(rendered));
            for (String line : usage.footer()) {
                if (rendered.toString().lines().noneMatch(line::equals)) {
                    failures.add(command.getKey() + ": the example is not one line of its help (at most 80 columns): " + line);
                }
            }
            for (String line : ShellLine.joined(List.of(usage.footer()))) {
                for (List<String> args : ShellLine.labctlCommands(line)) {
                    examples++;
                    check(command.getKey() + " --help: " + line, args, failures);
                }
            }
        }
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        assertTrue(examples > 80, "examples: " + examples);
    }

    /** The labctl command lines in the README's shell blocks (not those with a {@code <placeholder>}) run too. */
    @Test
    void everyLabctlLineOfTheReadmeRuns() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.isRegularFile(readme), "the README is not at " + readme.toAbsolutePath());
        List<String> failures = new ArrayList<>();
        int commands = 0;
        boolean inShell = false;
        for (String line : ShellLine.joined(Files.readAllLines(readme))) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.equals("```sh");
                continue;
            }
            if (!inShell || !line.contains("labctl ") || line.matches(".*<[a-z]+>.*")) {
                continue;
            }
            for (List<String> args : ShellLine.labctlCommands(line)) {
                commands++;
                check("README: " + line, args, failures);
            }
        }
        assertEquals(List.of(), failures, () -> String.join("\n", failures));
        assertTrue(commands > 60, "README commands: " + commands);
    }

    /** Adds to {@code failures} why {@code args} do not run. */
    private void check(String where, List<String> args, List<String> failures) {
        try {
            Labctl.commandLine(terminal(), args.toArray(String[]::new)).parseArgs(args.toArray(String[]::new));
        } catch (ParameterException e) {
            failures.add(where + "\n    does not parse: " + e.getMessage());
            return;
        }
        if (parsedOnly(args)) {
            return;
        }
        CliRun.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> new CliRun(home).env("LABCTL_CONFIG", unreachable.toString()).run(args.toArray(String[]::new)),
                () -> where + ": did not end");
        if (result.exitCode() == ExitCode.USAGE) {
            failures.add(where + "\n    " + result.err().lines().findFirst().orElse("exit 2"));
        }
    }

    /** Every command and subcommand of the tree by its qualified name, the verbs' kinds included. */
    private Map<String, CommandLine> tree() {
        CommandLine root = Labctl.commandLine(terminal());
        VerbCommand.addAllKinds(root);
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        collect(root, commands);
        assertTrue(commands.size() > 50, commands.keySet()::toString);
        return commands;
    }

    private static void collect(CommandLine command, Map<String, CommandLine> into) {
        into.put(command.getCommandSpec().qualifiedName(), command);
        for (CommandLine sub : new LinkedHashSet<>(command.getSubcommands().values())) {
            collect(sub, into);
        }
    }

    private Terminal terminal() {
        return new Terminal(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), Map.of(), home);
    }
}
