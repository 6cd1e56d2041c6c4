package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.BastionInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl get bastions}: the bastions labd runs, as far as the caller may read them. */
@Command(name = "bastions", aliases = "bastion",
        description = {
            "List the bastions labd runs: the environment each provisions (cloud",
            "baremetal), where machines reach it, its DHCP mode, its TFTP server and how",
            "many machines it knows. Only those whose environment you may read are shown."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get bastions",
            "  labctl get bastion/lab -o json"})
public final class GetBastionsCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "ENV", arity = "0..1", description = "Show only the bastion of this environment.")
    private String environment;

    @Mixin
    private OutputMixin output;

    @Mixin
    private HelpMixin help;

    public GetBastionsCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format(OutputFormat.TABLE, OutputFormat.values());
        List<BastionInfo> bastions = connection.connect().bastions();
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
