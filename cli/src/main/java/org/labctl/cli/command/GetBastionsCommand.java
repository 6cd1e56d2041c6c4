package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.BastionInfo;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.RelayedBastion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl get bastions}: the bastions labd runs, as far as the caller may read them. */
@Command(name = "bastions", aliases = "bastion",
        description = {
            "List the bastions that labd runs and the standalone ones registered with it.",
            "Each is asked through its host's agent: the environment it provisions (cloud",
            "baremetal), where machines reach it, its DHCP mode, its TFTP server and how",
            "many machines it knows. Only those whose environment you may read are shown."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get bastions",
            "  labctl get bastion/lab -o json"})
public final class GetBastionsCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Parameters(paramLabel = "ENV", arity = "0..1", description = "Show only the bastion of this environment.")
    private String environment;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetBastionsCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        LabdClient labd = connection.connect();
        List<BastionInfo> bastions = new ArrayList<>(labd.bastions());
        for (ServerInfo server : labd.servers("baremetal", environment, List.of(BastionTarget.BASTION_LABEL + "=true"))) {
            if (server.environment() == null || bastions.stream().anyMatch(b -> b.environment().equals(server.environment()))) {
                continue;
            }
            try {
                bastions.add(new RelayedBastion(labd, io, server.name(), server.environment()).info());
            } catch (LabctlException e) {
                // registered, but not answering (its agent is not connected) or not readable: shown as such
                bastions.add(new BastionInfo("baremetal", server.environment(), "server/" + server.name() + ": " + e.getMessage(),
                        "-", null, 0));
            }
        }
        bastions.sort(java.util.Comparator.comparing(BastionInfo::environment));
        if (environment != null) {
            BastionInfo one = bastions.stream().filter(b -> b.environment().equals(environment)).findFirst()
                    .orElseThrow(() -> new LabctlException(ExitCode.NOT_FOUND, "no bastion of " + environment
                            + " that you may read (labctl get bastions lists them)"));
            printer.one(one, format, this::table);
        } else {
            printer.list(bastions, format, "bastions", this::table);
        }
        return ExitCode.OK;
    }

    private void table(List<BastionInfo> bastions, boolean wide) {
        List<List<String>> rows = new ArrayList<>();
        for (BastionInfo bastion : bastions) {
            rows.add(List.of(bastion.environment(), bastion.url(), bastion.dhcp(), UserText.orNone(bastion.tftp()),
                    Integer.toString(bastion.machines())));
        }
        printer.table(List.of("environment", "url", "dhcp", "tftp", "machines"), rows);
    }
}
