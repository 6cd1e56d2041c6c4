package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl delete server/NAME}: labd forgets the server and revokes its agent's certificate. */
@Command(name = "server", aliases = "servers",
        description = {
            "Delete a server and revoke its agent's certificate.",
            "The agent can no longer connect; to bring the server back, enrol it again",
            "with a new join token (labctl create token)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete server/web-1",
            "  labctl delete server web-1"})
public final class DeleteServerCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The server.")
    private String name;

    @Mixin
    private HelpMixin help;

    public DeleteServerCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        connection.connect().deleteServer(name);
        printer.line("server " + name + " deleted (its agent certificate is revoked)");
        return ExitCode.OK;
    }
}
