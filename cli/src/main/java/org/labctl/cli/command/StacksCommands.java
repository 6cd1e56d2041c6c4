package org.labctl.cli.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiStack;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.MissingCommandException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl stacks list|describe|history}: the Pulumi stacks labd keeps and their runs. */
public final class StacksCommands {

    private StacksCommands() {
    }

    /** Groups the commands of stacks. */
    @Command(name = "stacks",
            description = {
                "Show the Pulumi stacks labd keeps and their runs.",
                "A stack is a program's state in one environment, made by its first run",
                "(labctl plan, apply, destroy). Needs read on the stack."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl stacks list",
                "  labctl stacks describe baremetal/lab/web -o json",
                "  labctl stacks history baremetal/lab/web"})
    public static final class Group implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private HelpMixin help;

        @Override
        public Integer call() {
            throw new MissingCommandException(spec.commandLine());
        }
    }

    /** CLOUD/ENV/NAME, split. */
    static String[] address(String stack) {
        String[] parts = stack.split("/", -1);
        if (parts.length != 3 || List.of(parts).contains("")) {
            throw new LabctlException(ExitCode.USAGE, "name a stack as CLOUD/ENV/NAME (labctl stacks list shows them), not "
                    + stack);
        }
        return parts;
    }

    /** {@code labctl stacks list}. */
    @Command(name = "list", aliases = "ls", description = {"List the stacks you may read, with their last run."},
            footerHeading = "%nExamples:%n", footer = {"  labctl stacks list", "  labctl stacks list -o json"})
    public static final class Listing implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Listing(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            printer.list(connection.connect().stacks(), output.format(), "stacks", (stacks, wide) -> {
                List<List<String>> rows = new ArrayList<>();
                for (PulumiStack stack : stacks) {
                    PulumiRun last = stack.lastRun();
                    rows.add(List.of(stack.cloud() + "/" + stack.environment() + "/" + stack.name(), stack.project(),
                            last == null ? "-" : last.kind() + " " + last.state(),
                            last == null ? "-" : last.user(), last == null ? "-" : Times.age(last.startedAt(), clock.instant())));
                }
                printer.table(List.of("stack", "project", "last run", "by", "age"), rows);
            });
            return ExitCode.OK;
        }
    }

    /** {@code labctl stacks describe CLOUD/ENV/NAME}. */
    @Command(name = "describe", description = {"Show a stack: its config (secrets as [secret]), outputs and last run."},
            footerHeading = "%nExamples:%n", footer = {"  labctl stacks describe baremetal/lab/web",
                "  labctl stacks describe baremetal/lab/web -o json | jq .outputs"})
    public static final class Describe implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "CLOUD/ENV/NAME", description = "The stack.")
        private String stack;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Describe(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            String[] place = address(stack);
            PulumiStack shown = connection.connect().stack(place[0], place[1], place[2]);
            OutputFormat format = output.format();
            if (!format.human()) {
                printer.document(shown, format);
                return ExitCode.OK;
            }
            printer.line("Stack:      " + stack);
            printer.line("Project:    " + shown.project());
            printer.line("Created:    " + shown.createdAt());
            printer.line("Config:" + (shown.config().isEmpty() ? "     (none)" : ""));
            shown.config().forEach((key, value) -> printer.line("  " + key + ": " + Printer.printable(value)));
            printer.line("Outputs:" + (shown.outputs().isEmpty() ? "    (none)" : ""));
            for (Map.Entry<String, Object> entry : shown.outputs().entrySet()) {
                printer.line("  " + entry.getKey() + ": " + Printer.printable(String.valueOf(entry.getValue())));
            }
            PulumiRun last = shown.lastRun();
            printer.line("Last run:   " + (last == null ? "(none)" : last.kind() + " " + last.id() + " " + last.state() + " by "
                    + last.user() + " at " + last.startedAt()));
            return ExitCode.OK;
        }
    }

    /** {@code labctl stacks history CLOUD/ENV/NAME}. */
    @Command(name = "history", description = {"List a stack's runs, newest first: who ran what, and how it ended."},
            footerHeading = "%nExamples:%n", footer = {"  labctl stacks history baremetal/lab/web",
                "  labctl stacks history baremetal/lab/web --limit 5 -o json"})
    public static final class History implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;
        private final Clock clock;

        @Parameters(paramLabel = "CLOUD/ENV/NAME", description = "The stack.")
        private String stack;

        @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default 50).")
        private int limit = 50;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public History(Printer printer, ConfigMixin connection, Clock clock) {
            this.printer = printer;
            this.connection = connection;
            this.clock = clock;
        }

        @Override
        public Integer call() {
            String[] place = address(stack);
            printer.list(connection.connect().stackRuns(place[0], place[1], place[2], limit), output.format(), "runs",
                    (runs, wide) -> {
                        List<List<String>> rows = new ArrayList<>();
                        for (PulumiRun run : runs) {
                            rows.add(List.of(run.id(), run.kind(), run.state(), run.user(),
                                    run.version() == null ? "-" : run.version(), changes(run),
                                    Times.age(run.startedAt(), clock.instant())));
                        }
                        printer.table(List.of("run", "kind", "state", "by", "version", "changes", "age"), rows);
                    });
            return ExitCode.OK;
        }

        private static String changes(PulumiRun run) {
            if (run.changes() == null || run.changes().isEmpty()) {
                return "-";
            }
            return String.join(" ", run.changes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }
}
