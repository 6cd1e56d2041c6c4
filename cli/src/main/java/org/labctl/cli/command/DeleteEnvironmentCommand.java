package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl delete environment/NAME [--cloud CLOUD]}: only one without servers or usable join tokens. */
@Command(name = "environment", aliases = {"environments", "envs", "env"},
        description = {
            "Delete an environment.",
            "Names are unique within a cloud: --cloud says which (default: baremetal).",
            "labd refuses while servers are in it or join tokens that can still be",
            "used place servers in it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl delete environment/lab                # cloud baremetal",
            "  labctl delete env prod --cloud aws"})
public final class DeleteEnvironmentCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The environment.")
    private String name;

    @Option(names = "--cloud", paramLabel = "CLOUD", defaultValue = "baremetal",
            description = "The cloud the environment belongs to. Default: ${DEFAULT-VALUE}.")
    private String cloud;

    @Mixin
    private HelpMixin help;

    public DeleteEnvironmentCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        connection.connect().deleteEnvironment(cloud, name);
        printer.line("environment " + cloud + "/" + name + " deleted");
        return ExitCode.OK;
    }
}
