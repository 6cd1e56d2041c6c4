package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.PulumiRun;
import org.labctl.api.PulumiRunLog;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl logs pulumi/RUN-ID [-f]}: what the engine printed for one run, from any labd instance. */
@Command(name = "pulumi",
        customSynopsis = "labctl logs pulumi/RUN-ID [-f] [-o json|yaml]",
        description = {
            "Print the output of a Pulumi run (labctl plan, apply or destroy).",
            "-f follows it until the run ends, even one whose labctl was stopped. Needs read",
            "on the run's stack. With -o json|yaml standard output is the run's record alone",
            "(at the end) and the engine's lines go to standard error."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run succeeded (or, without -f, is still running)",
            "1:the run failed",
            "3:permission denied",
            "4:no such run",
            "5:cannot reach labd",
            "130:the run was cancelled, or Ctrl-C stopped following"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs pulumi/3f9a0c1d2e4b5a69",
            "  labctl logs pulumi/3f9a0c1d2e4b5a69 -f"})
public final class LogsPulumiCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final ExecIo io;

    @Parameters(paramLabel = "RUN-ID", description = "The run, as labctl apply printed it (pulumi/RUN-ID or RUN-ID).")
    private String id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the run ends (Ctrl-C stops following).")
    private boolean follow;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public LogsPulumiCommand(Printer printer, ConfigMixin connection, ExecIo io) {
        this.printer = printer;
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() {
        LabdClient labd = connection.connect();
        if (follow) {
            PulumiRun ended = PulumiCommands.follow(labd, id, printer, io, output.format(), false);
            return ended == null ? ExitCode.INTERRUPTED : PulumiCommands.exitOf(ended);
        }
        long after = 0;
        while (true) {
            PulumiRunLog log = labd.pulumiRunLog(id, after);
            log.lines().forEach(line -> {
                if (output.format().human()) {
                    printer.line(Printer.printable(line.text()));
                } else {
                    printer.progress(Printer.printable(line.text()));
                }
            });
            after = log.next();
            if (log.lines().isEmpty() || !log.run().ended() && log.lines().size() < 1000) {
                if (log.run().ended()) {
                    PulumiCommands.report(log.run(), printer, output.format());
                    return PulumiCommands.exitOf(log.run());
                }
                printer.progress("run " + id + " is still running (-f follows it)");
                return ExitCode.OK;
            }
        }
    }
}
