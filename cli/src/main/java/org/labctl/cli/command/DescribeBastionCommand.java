package org.labctl.cli.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl describe bastion/ENV}: one bastion, its state, and why it does not answer when it does not. */
@Command(name = "bastion", aliases = "bastions",
        description = {
            "Show the bastion of an environment of cloud baremetal.",
            "Shows where it runs (inside labd, or the server a standalone bastion",
            "enrolled as), its state (ready, unreachable, forbidden), where machines",
            "reach it, its DHCP mode and TFTP server, how many machines it knows, and",
            "why it did not answer. Needs read:baremetal:ENV:*. -o json or -o yaml for",
            "scripts."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe bastion/lab",
            "  labctl describe bastion rack3 -o json | jq -r '.state'"})
public final class DescribeBastionCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Parameters(paramLabel = "ENV", description = "The environment the bastion provisions.")
    private String environment;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeBastionCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        BastionView bastion = BastionView.of(connection.connect(), io, environment);
        if (!format.human()) {
            printer.document(bastion, format);
            return ExitCode.OK;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Environment", bastion.cloud() + "/" + bastion.environment());
        fields.put("Runs in", bastion.server() == null ? "labd" : "server/" + bastion.server() + " (standalone, registered)");
        fields.put("State", bastion.state());
        fields.put("URL", UserText.orNone(bastion.url()));
        fields.put("DHCP", UserText.orNone(bastion.dhcp()));
        fields.put("TFTP", UserText.orNone(bastion.tftp()));
        fields.put("Machines", bastion.machines() == null ? org.labctl.cli.Times.UNKNOWN : bastion.machines().toString());
        if (bastion.error() != null) {
            fields.put("Error", GetBastionsCommand.oneLine(bastion.error()));
        }
        printer.fields(fields);
        return ExitCode.OK;
    }
}
