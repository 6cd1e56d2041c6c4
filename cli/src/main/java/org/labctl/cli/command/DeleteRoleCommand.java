package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl delete role/NAME}: only a role bound to nobody, never a built-in one. */
@Command(name = "role", aliases = "roles",
        description = {
            "Delete a role.",
            "labd refuses while users are bound to it (labctl unbind role NAME --user",
            "USER first), for the built-in roles admin and viewer, and for a role that",
            "allows something you do not hold yourself."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete role/ops",
            "  labctl delete role ops"})
public final class DeleteRoleCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The role.")
    private String name;

    @Mixin
    private HelpMixin help;

    public DeleteRoleCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        connection.connect().deleteRole(name);
        printer.line("role " + name + " deleted");
        return ExitCode.OK;
    }
}
