package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.MachineInfo;
import org.labctl.api.ProvisionRequest;
import org.labctl.cli.BastionApi;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl provision install|reprovision MAC HOSTNAME --role R}: what a machine's next network boot installs. */
public abstract class ProvisionAssignCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;
    private final String mode;

    @Parameters(index = "0", paramLabel = "MAC", description = "The machine's MAC address, such as 52:54:00:12:34:56.")
    private String mac;

    @Parameters(index = "1", paramLabel = "HOSTNAME", description = "The server name it is installed and enrolled under.")
    private String hostname;

    @Option(names = "--role", required = true, paramLabel = "ROLE", completionCandidates = Candidates.MachineRoles.class,
            description = "${COMPLETION-CANDIDATES}: its partition layout (/var/lib/longhorn or /var/lib/rancher) and server role.")
    private String role;

    @Mixin
    private BastionTarget target;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    ProvisionAssignCommand(Printer printer, ConfigMixin connection, ExecIo io, String mode) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
        this.mode = mode;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        BastionApi bastion = target.open(connection, io);
        MachineInfo machine = bastion.provision(mac, new ProvisionRequest(hostname, role, mode));
        String env = machine.environment();
        if (format == OutputFormat.TABLE) {
            printer.line(machine.mac() + " will be " + (mode.equals("install") ? "installed" : "reprovisioned") + " as "
                    + machine.hostname() + " (" + machine.role() + ") at its next network boot: " + machine.state()
                    + (mode.equals("install") ? "" : "; /home, /srv and its data volume are kept")
                    + ". Follow it with: labctl logs bastion/" + env + " --mac " + machine.mac() + " -f");
        } else {
            printer.document(machine, format);
        }
        return ExitCode.OK;
    }

    /** {@code labctl provision install}. */
    @Command(name = "install",
            description = {
                "Install a machine at its next network boot, erasing its disk.",
                "The bastion serves it a kickstart with the partition layout of its role and a",
                "one-time join token bound to its MAC: its lab-agent enrolls as HOSTNAME in",
                "the bastion's environment. A machine may be assigned before it first boots.",
                "An installed machine is refused: reprovision it, or forget it first."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl provision install 52:54:00:12:34:56 web-1 --role worker",
                "  labctl provision install 52:54:00:ab:cd:ef infra-1 --role infra --env lab"})
    public static final class Install extends ProvisionAssignCommand {
        public Install(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io, "install");
        }
    }

    /** {@code labctl provision reprovision}. */
    @Command(name = "reprovision",
            description = {
                "Reinstall an installed machine at its next network boot, keeping its data.",
                "/home, /srv and the role's /var/lib/longhorn or /var/lib/rancher are mounted",
                "without formatting, the rest is recreated. The installer stops before touching",
                "any disk when the volume group or a kept volume is missing, and the machine",
                "shows as failed. Its server is deleted now and its agent certificate revoked;",
                "the new installation enrolls afresh."},
            footerHeading = "%nExamples:%n",
            footer = {
                "  labctl provision reprovision 52:54:00:12:34:56 web-1 --role worker"})
    public static final class Reprovision extends ProvisionAssignCommand {
        public Reprovision(Printer printer, ConfigMixin connection, ExecIo io) {
            super(printer, connection, io, "reprovision");
        }
    }
}
