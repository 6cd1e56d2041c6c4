package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl get bastions}: the bastions labd runs, as far as the caller may read them. */
@Command(name = "bastions", aliases = "bastion",
        description = {
            "List the bastions that labd runs and the standalone ones registered with it.",
            "Each is asked through its host's agent: the environment it provisions (cloud",
            "baremetal), where machines reach it, its DHCP mode, its TFTP server and how",
            "many machines it knows. Only those whose environment you may read are shown.",
            "A standalone bastion that does not answer shows 'unreachable' (or",
            "'forbidden') as its URL; -o wide adds its state, where it runs and why,",
            "and describe bastion/ENV says more."},
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
        if (environment != null) {
            printer.one(BastionView.of(labd, io, environment), format, this::table);
        } else {
            printer.list(BastionView.all(labd, io, null), format, "bastions", this::table);
        }
        return ExitCode.OK;
    }

    /** A bastion that did not answer shows its state where its URL goes; -o wide adds where it runs and why. */
    private void table(List<BastionView> bastions, boolean wide) {
        List<String> headers = new ArrayList<>(List.of("environment", "url", "dhcp", "tftp", "machines"));
        if (wide) {
            headers.addAll(List.of("state", "runs-in", "error"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (BastionView bastion : bastions) {
            List<String> row = new ArrayList<>(List.of(bastion.environment(), bastion.url() == null ? bastion.state() : bastion.url(),
                    dash(bastion.dhcp()), dash(bastion.tftp()), bastion.machines() == null ? "-" : bastion.machines().toString()));
            if (wide) {
                row.addAll(List.of(bastion.state(), bastion.runsIn(), bastion.error() == null ? "-" : oneLine(bastion.error())));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }

    private static String dash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
