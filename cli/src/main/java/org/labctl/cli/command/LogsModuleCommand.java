package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.LogRequest;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl logs module/NAME --server S}: what a module did on a server, its log kept by the server's agent. */
@Command(name = "module", aliases = "modules",
        customSynopsis = "labctl logs module/NAME --server SERVER [-f] [--tail N] [-o json]",
        description = {
            "Print what a module did on a server; -f follows it.",
            "The agent writes each module's log (its install, configure, health and remove",
            "steps, the agent's downloads and state changes for it, and what the module",
            "itself logs) to modules/NAME/module.log in its data directory, and keeps it",
            "after the module is removed. Needs read:CLOUD:ENV:SERVER, as the server's other",
            "logs, and is audited. -o json prints {server, file, message} a line."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the log was printed to its end",
            "1:the module has no log on that server (it never ran there), labd trouble, the server is not connected",
            "2:usage error (a NAME that is not a module's name, no --server)",
            "3:permission denied: the message names the missing permission",
            "4:no such server",
            "5:cannot reach labd",
            "130:Ctrl-C stopped following"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs module/chrony --server web-1",
            "  labctl logs module/chrony --server web-1 --tail 50 -f"})
public final class LogsModuleCommand implements Callable<Integer> {

    private final ConfigMixin connection;
    private final ExecIo io;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The module (module/NAME or NAME).")
    private String module;

    @Option(names = "--server", required = true, paramLabel = "SERVER", description = "The server it ran on.")
    private String server;

    @Option(names = {"--tail", "-n", "--lines"}, paramLabel = "N", description = "Only the last N lines.")
    private Integer lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    private boolean follow;

    @Mixin
    private OutputMixin.TableJson output;

    @Mixin
    private HelpMixin help;

    public LogsModuleCommand(ConfigMixin connection, ExecIo io) {
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean json = output.format() == OutputFormat.JSON;
        LogRequest request = LogsServerCommand.check(LogRequest.module(module, lines, follow), spec);
        return LogsServerCommand.one(io, connection.connect(), server, request, json);
    }
}
