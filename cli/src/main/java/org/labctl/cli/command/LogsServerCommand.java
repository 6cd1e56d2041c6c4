package org.labctl.cli.command;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ExecTarget;
import org.labctl.api.LogRequest;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.exec.ExecRequest;
import org.labctl.cli.exec.FanOutExec;
import org.labctl.cli.exec.JsonLineOutput;
import org.labctl.cli.exec.PrefixedOutput;
import org.labctl.cli.exec.RawOutput;
import org.labctl.cli.exec.SingleExec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code labctl logs server/NAME} and {@code labctl logs -l KEY=VALUE} (or --env, --cloud): a server's journal or one of
 * its log files, through its agent, once or followed. The log travels as an exec session
 * ({@link LogRequest} in the start frame): same transport, credit windows, Ctrl-C and exit codes.
 */
@Command(name = "server", aliases = "servers",
        customSynopsis = {
            "labctl logs server/NAME [options]",
            "       labctl logs -l KEY=VALUE[,...] | --env ENV | --cloud CLOUD [options]"},
        description = {
            "Print a server's journal or a log file on it, through its agent; -f follows.",
            "The agent runs journalctl with the options below (each value checked and passed",
            "as its own argument, never through a shell), or reads the --file, which must be",
            "under a directory the agent allows (lab-agent run --log-dir, /var/log by",
            "default; links and .. are resolved first). Following a file survives its",
            "rotation (rename or copytruncate). A slow reader slows the agent down: nothing",
            "is dropped and nothing piles up in labd or the agent.",
            "",
            "-l prints the logs of every server with all of the labels at once, --env of",
            "every server of the environment, --cloud of the cloud (each narrows the",
            "others), each line after the server's name. -o json prints one JSON object",
            "a line: a journal entry with its fields (and \"server\"), or {server, file,",
            "message} for a file.",
            "Reading a server's logs needs read:CLOUD:ENV:NAME, and is audited.",
            "Ctrl-C stops the remote journalctl or reader."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the log was printed to its end (or journalctl exited 0)",
            "1:labd trouble, a refused --file, the server is not connected; with a selection: not every server succeeded",
            "2:usage error",
            "3:permission denied: the message names the missing permission",
            "4:no such server, or no server matches the selection",
            "5:cannot reach labd",
            "130:Ctrl-C stopped following",
            "255:the connection to labd, or labd's to the agent, was lost"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs server/web-1 -n 100",
            "  labctl logs server/web-1 -u k3s -u sshd --since '1h ago' -f",
            "  labctl logs server/web-1 -k -p err",
            "  labctl logs server/web-1 --file /var/log/nginx/error.log -n 50 -f",
            "  labctl logs server/web-1 -u sshd -o json | jq -r .MESSAGE",
            "  labctl logs -l role=worker -u k3s -f",
            "  labctl logs --env lab -u k3s -p err --since '1h ago'"})
public final class LogsServerCommand implements Callable<Integer> {

    private final ConfigMixin connection;
    private final ExecIo io;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The server (server/NAME or NAME).")
    private String name;

    /** -l, --env and --cloud: the logs of every server they select, instead of one server's. */
    @Mixin
    private ServerSelection selection;

    @Option(names = {"-u", "--unit"}, paramLabel = "UNIT", description = "Only this systemd unit's entries; repeat for several.")
    private List<String> units;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N entries (or lines of the file).")
    private Integer lines;

    @Option(names = "--since", paramLabel = "TIME", description = "Entries from TIME on: \"2026-11-29 10:00\", \"1h ago\", -30m, today.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Entries up to TIME, written as for --since.")
    private String until;

    @Option(names = {"-k", "--dmesg"}, description = "Only kernel messages.")
    private boolean kernel;

    @Option(names = {"-p", "--priority"}, paramLabel = "LEVEL",
            description = "Only entries of this level or more urgent (emerg, alert, crit, err, warning, notice, info, "
                    + "debug or 0-7), or a range such as warning..err.")
    private String priority;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new entries until Ctrl-C.")
    private boolean follow;

    @Option(names = "--file", paramLabel = "PATH", description = "This log file on the server instead of the journal.")
    private String file;

    @Mixin
    private OutputMixin.TableJson output;

    @Mixin
    private HelpMixin help;

    public LogsServerCommand(ConfigMixin connection, ExecIo io) {
        this.connection = connection;
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean json = output.format() == OutputFormat.JSON;
        LogRequest request = check(new LogRequest(file != null ? LogRequest.FILE : LogRequest.JOURNAL, units, lines, since, until,
                kernel, priority, follow, json && file == null, file));
        Map<String, String> labels = selection.labels(this::usage);
        if (!selection.any()) {
            if (name == null) {
                throw usage("name a server, such as labctl logs server/web-1, or select servers with -l KEY=VALUE, --env ENV "
                        + "or --cloud CLOUD");
            }
            return one(io, connection.connect(), serverName(name), request, json);
        }
        if (name != null) {
            throw usage("give either a server or a selection of servers (-l, --env, --cloud), not both: " + name
                    + " is one server");
        }
        return many(io, connection.connect(), selection, labels, request, json, this::usage);
    }

    /** The log of one server, straight through (or as JSON Lines). */
    static int one(ExecIo io, LabdClient labd, String server, LogRequest request, boolean json) throws InterruptedException {
        return new SingleExec(io, labd::openExec, System::nanoTime).run(server, ExecRequest.logs(request), false, false,
                json ? new JsonLineOutput(server, label(request), io.stdout(), io.stderr()) : new RawOutput(io.stdout(), io.stderr()));
    }

    /** The logs of every server the selection picks, all at once with -f, each line after its server's name. */
    static int many(ExecIo io, LabdClient labd, ServerSelection selection, Map<String, String> labels, LogRequest request,
            boolean json, java.util.function.Function<String, ParameterException> usage) throws InterruptedException {
        List<ExecTarget> targets = labd.execTargets(ServerSelection.selector(labels), selection.environment(), selection.cloud(),
                "read");
        if (targets.isEmpty()) {
            throw new LabctlException(ExitCode.NOT_FOUND, "no server matches " + selection.describe(labels)
                    + ": labctl get servers -o wide shows the servers and their labels");
        }
        if (request.follow() && targets.size() > FanOutExec.MAX_PARALLEL) {
            throw usage.apply("-f follows at most " + FanOutExec.MAX_PARALLEL + " servers at once, and the selection has "
                    + targets.size() + ": narrow it with -l, --env or --cloud");
        }
        int parallel = request.follow() ? targets.size() : Math.min(targets.size(), FanOutExec.DEFAULT_PARALLEL);
        return new FanOutExec(io, labd::openExec, System::nanoTime).run(targets, ExecRequest.logs(request), parallel, false,
                json ? (server, width) -> new JsonLineOutput(server, label(request), io.stdout(), io.stderr())
                        : (server, width) -> new PrefixedOutput(server, width, io.stdout(), io.stderr()));
    }

    private LogRequest check(LogRequest request) {
        return check(request, spec);
    }

    /** The request checked as the agent will check it, so that a mistake is a usage error of {@code command} here. */
    static LogRequest check(LogRequest request, CommandSpec command) {
        try {
            return request.check();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /** The "file" field of JSON lines: the path, "agent" for the agent's log, module/NAME for a module's, null for journal entries. */
    static String label(LogRequest request) {
        return switch (request.source()) {
            case LogRequest.FILE -> request.file();
            case LogRequest.AGENT -> "agent";
            case LogRequest.MODULE -> "module/" + request.module();
            default -> null;
        };
    }

    /** NAME from server/NAME or NAME (the verb has taken "server/" off already). */
    private String serverName(String given) {
        if (given.isEmpty() || given.contains("/")) {
            throw usage("'" + given + "' names no server: write server/NAME, such as server/web-1");
        }
        return given;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
