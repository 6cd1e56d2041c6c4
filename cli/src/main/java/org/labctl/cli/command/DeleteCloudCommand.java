package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl delete cloud/NAME}: only an empty cloud, never baremetal. */
@Command(name = "cloud", aliases = "clouds",
        description = {
            "Delete a cloud.",
            "labd refuses while the cloud has environments or servers (delete those",
            "first), and always for baremetal."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete cloud/aws",
            "  labctl delete cloud aws"})
public final class DeleteCloudCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The cloud.")
    private String name;

    @Mixin
    private HelpMixin help;

    public DeleteCloudCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        connection.connect().deleteCloud(name);
        printer.line("cloud " + name + " deleted");
        return ExitCode.OK;
    }
}
