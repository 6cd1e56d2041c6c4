package org.labctl.cli.command;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.labctl.api.BastionLog;
import org.labctl.cli.BastionApi;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl logs bastion[/ENV]}: a bastion's log of DHCP, TFTP, HTTP and installer events. */
@Command(name = "bastion", aliases = "bastions",
        description = {
            "Print a bastion's log of network boots, installations and provision requests.",
            "One line for every DHCP, TFTP and HTTP event and every installer callback,",
            "named by the machine's MAC address, and every provision request with who made",
            "it. --mac shows one machine's; -f prints new lines as they come, until Ctrl-C.",
            "Needs read:baremetal:ENV:*."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs bastion/lab",
            "  labctl logs bastion/lab --mac 52:54:00:12:34:56 -f",
            "  labctl logs bastion -n 50        # the only bastion's last 50 lines",
            "  sudo labctl logs bastion --standalone -f"})
public final class LogsBastionCommand implements Callable<Integer> {

    static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Parameters(paramLabel = "ENV", arity = "0..1", description = "The bastion's environment (default: the only bastion).")
    private String environment;

    @Option(names = "--standalone", description = "The standalone bastion of this host (as root), not labd's.")
    private boolean standalone;

    @Option(names = "--data", paramLabel = "DIR",
            description = "With --standalone: its data directory (default: /var/lib/labctl/bastion).")
    private java.nio.file.Path data;

    @Option(names = "--mac", paramLabel = "MAC", description = "Only this machine's lines.")
    private String mac;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines (default: all).")
    private Integer lines;

    @Option(names = {"-f", "--follow"}, description = "Then print new lines as they come, until Ctrl-C.")
    private boolean follow;

    @Mixin
    private HelpMixin help;

    public LogsBastionCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        if (lines != null && lines < 0) {
            throw new LabctlException(ExitCode.USAGE, "-n must be 0 or more, not " + lines);
        }
        BastionTarget target = new BastionTarget();
        target.environment = environment;
        target.standalone = standalone;
        target.data = data;
        BastionApi bastion = target.open(connection, io);
        BastionLog log = bastion.log(mac, lines, null);
        log.lines().forEach(line -> printer.line(Printer.printable(line)));
        if (!follow) {
            return ExitCode.OK;
        }
        long[] next = {log.next()};
        return FollowPoll.run(printer, "the bastion of " + bastion.environment(), POLL_INTERVAL,
                () -> bastion.log(mac, null, next[0]), answer -> {
                    answer.lines().forEach(line -> printer.line(Printer.printable(line)));
                    next[0] = answer.next();
                });
    }
}
