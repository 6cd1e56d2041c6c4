package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl modules remove|rollback NAME}. */
public final class ModulesChangeCommands {

    private ModulesChangeCommands() {
    }

    /** {@code labctl modules remove NAME}. */
    @Command(name = "remove", aliases = "rm",
            description = {
                "Remove a module, with every version labd keeps of it.",
                "labd refuses while another module needs it (remove that one first). The",
                "agents of the servers it targeted take it off when they learn of it."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules remove chrony"})
    public static final class Remove implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The module.")
        private String name;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Remove(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            printer.outcome(connection.connect().removeModule(name), output.format(),
                    removed -> "module " + removed.name() + " " + removed.version() + " removed");
            return ExitCode.OK;
        }
    }

    /** {@code labctl modules rollback NAME}. */
    @Command(name = "rollback",
            description = {
                "Return a module to the version its last upgrade replaced.",
                "The version rolled back from is kept in turn, so a second rollback goes",
                "forward again. labd checks it as an upgrade: the modules that need it must",
                "take that version, and you must be allowed to apply it on every server it targets."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl modules rollback chrony"})
    public static final class Rollback implements Callable<Integer> {

        private final Printer printer;
        private final ConfigMixin connection;

        @Parameters(paramLabel = "NAME", description = "The module.")
        private String name;

        @Mixin
        private OutputMixin.TableJsonYaml output;

        @Mixin
        private HelpMixin help;

        public Rollback(Printer printer, ConfigMixin connection) {
            this.printer = printer;
            this.connection = connection;
        }

        @Override
        public Integer call() {
            printer.outcome(connection.connect().rollbackModule(name), output.format(),
                    module -> "module " + module.name() + " rolled back to " + module.version() + " ("
                            + module.previousVersion() + " kept: a second rollback returns to it)");
            return ExitCode.OK;
        }
    }
}
