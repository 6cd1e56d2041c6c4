package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.MachineInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl provision forget MAC}. */
@Command(name = "forget",
        description = {
            "Forget a machine, so that its next network boot counts as a new machine's.",
            "It shows as discovered then. Its server, if it was enrolled, stays: labctl",
            "delete server removes that."},
        footerHeading = "%nExamples:%n",
        footer = {"  labctl provision forget 52:54:00:12:34:56"})
public final class ProvisionForgetCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Parameters(paramLabel = "MAC", description = "The machine's MAC address.")
    private String mac;

    @Mixin
    private BastionTarget target;

    @Mixin
    private HelpMixin help;

    public ProvisionForgetCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        MachineInfo machine = target.open(connection, io).forget(mac);
        printer.line(machine.mac() + " forgotten (it was " + machine.state()
                + (machine.hostname() == null ? "" : ", " + machine.hostname()) + ")");
        return ExitCode.OK;
    }
}
