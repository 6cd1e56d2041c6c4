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

/** {@code labctl logs agent/SERVER}: the log of the lab-agent on a server, once or followed. */
@Command(name = "agent", aliases = "agents",
        description = {
            "Print the log of the lab-agent on a server; -f follows it.",
            "The log is log/lab-agent.log in the agent's data directory: connections,",
            "renewals, the exec and logs sessions it ran. Needs read:CLOUD:ENV:SERVER,",
            "and is audited."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs agent/web-1 -n 50",
            "  labctl logs agent/web-1 -f"})
public final class LogsAgentCommand implements Callable<Integer> {

    private final ConfigMixin connection;
    private final ExecIo io;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SERVER", description = "The server whose agent's log to print (agent/SERVER).")
    private String server;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines.")
    private Integer lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    private boolean follow;

    @Mixin
    private OutputMixin.TableJson output;

    @Mixin
    private HelpMixin help;

    public LogsAgentCommand(ConfigMixin connection, ExecIo io) {
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean json = output.format() == OutputFormat.JSON;
        LogRequest request = LogsServerCommand.check(LogRequest.agent(lines, follow), spec);
        return LogsServerCommand.one(io, connection.connect(), server, request, json);
    }
}
