package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.labctl.api.ExecTarget;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.exec.ExecRequest;
import org.labctl.cli.exec.FanOutExec;
import org.labctl.cli.exec.SingleExec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code labctl exec SERVER -- COMMAND} and {@code labctl exec -l SELECTOR -- COMMAND} (or --env, --cloud): checks the
 * command line, then hands the run to {@link SingleExec} or {@link FanOutExec}. {@link ExecArguments}
 * takes the command after {@code --} off the command line and adds the options ({@link ExecOptions})
 * before picocli parses the rest. Only JDK and picocli types appear in this class's fields and
 * method signatures: picocli reflects over it on every labctl start, and the exec classes load when
 * an exec runs.
 */
@Command(name = "exec", preprocessor = ExecArguments.class,
        customSynopsis = {
            "labctl exec [options] [server/]NAME -- COMMAND [ARG...]",
            "       labctl exec [options] -l KEY=VALUE[,...] -- COMMAND [ARG...]",
            "       labctl exec [options] --env ENV | --cloud CLOUD -- COMMAND [ARG...]"},
        description = {
            "Run a command on a server, or on every server -l, --env or --cloud selects.",
            "The agent runs the command written after -- as it is, without a shell (use",
            "sh -c '...' for pipes and globs), as its own user or --user, with the -e",
            "variables added to its environment. The command's stdout and stderr come",
            "back separately, byte for byte, and labctl exits with its exit code.",
            "",
            "Input: labctl forwards its standard input when -i is given or when it is not",
            "a terminal (a pipe or a file): printf 'a\\nb\\n' | labctl exec web-1 -- wc -l",
            "prints 2. From a terminal without -i the command reads nothing, as with",
            "kubectl exec. Without -t, Ctrl-C sends SIGINT to the command; a second Ctrl-C",
            "within 2s aborts it (its process tree is killed) and labctl exits 130.",
            "",
            "-t gives the command a pseudo-terminal the size of this one, which follows",
            "its resizes; with -i keys go through as typed: Ctrl-C, Ctrl-D and Ctrl-Z reach",
            "the remote terminal, as with ssh. Stderr comes merged into the terminal.",
            "",
            "-l runs the command on every server with all of the labels, --env on every",
            "server of the environment, --cloud of the cloud (each narrows the others),",
            "--parallel at a time, without input: labd lists the servers you may use.",
            "Without a server or one of them labctl runs nothing. Each output line",
            "starts with the server's name, and a summary goes to stderr; -o json prints",
            "one JSON object per server as it ends instead (JSON Lines): server, state",
            "(succeeded, failed, timed_out, unreachable, lost or denied), exitCode,",
            "signal, stdout, stderr (1 MiB of each at most, then truncated: true),",
            "durationMs and error. labctl exits 0 when the command succeeded on every",
            "server, else 1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the command exited 0 (with a selection: on every server)",
            "N:the command exited N (128+N: ended by signal N)",
            "1:labd trouble, or the server is not connected; with a selection: the command did not succeed everywhere",
            "2:usage error",
            "3:permission denied: the message names the missing permission",
            "4:no such server, or no server matches the selection",
            "5:cannot reach labd",
            "124:--timeout passed: the remote process tree was killed",
            "130:a second Ctrl-C aborted the command",
            "141:labctl's output was closed by its reader: the command was aborted",
            "255:the connection to labd, or labd's to the agent, was lost before the command ended"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl exec server/web-1 -- uptime",
            "  labctl exec web-1 --timeout 5m -- journalctl -u labd -n 100",
            "  printf 'a\\nb\\n' | labctl exec server/web-1 -- wc -l",
            "  labctl exec server/web-1 -it -- bash",
            "  labctl exec db-1 --user postgres -e PGDATABASE=labd -- psql -c 'select 1'",
            "  labctl exec -l role=worker --parallel 8 -- systemctl is-active kubelet",
            "  labctl exec --env lab -- uptime",
            "  labctl exec -l rack=r1,os=debian --env lab -o json -- uname -r | jq -r .stdout"})
public final class ExecCommand implements Callable<Integer>, BuiltOnUse {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ConfigMixin connection;
    private final ExecIo io;
    /** The options, in the command once {@link #build} ran. */
    private final ExecOptions options = new ExecOptions(this::usage);
    private boolean optionsAdded;
    /** Set by {@link ExecArguments}: what came after {@code --}. */
    private List<String> command = List.of();

    @Spec
    private CommandSpec spec;

    public ExecCommand(ConfigMixin connection, ExecIo io) {
        this.connection = connection;
        this.io = io;
    }

    /** The command line of {@code exec}; its help adds the options first, so that it lists them. */
    public static CommandLine commandLine(ExecCommand exec) {
        CommandLine line = new CommandLine(exec);
        line.setHelpFactory((command, colors) -> {
            exec.build(line);
            return new CommandLine.Help(command, colors);
        });
        return line;
    }

    /** Adds the options ({@link ExecOptions}) to {@code self}, this command's line, unless they are there. */
    @Override
    public void build(CommandLine self) {
        if (optionsAdded) {
            return;
        }
        optionsAdded = true;
        CommandSpec declared = CommandSpec.forAnnotatedObject(options);
        for (OptionSpec option : declared.options()) {
            self.getCommandSpec().addOption(option);
        }
        for (PositionalParamSpec parameter : declared.positionalParameters()) {
            self.getCommandSpec().addPositional(parameter);
        }
    }

    void command(List<String> argv) {
        this.command = List.copyOf(argv);
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean json = options.format == OutputFormat.JSON;
        boolean fanOut = options.selection.any();
        Map<String, String> labels = options.selection.labels(this::usage);
        String server = server(fanOut);
        if (command.isEmpty()) {
            throw usage("write the command to run after --, such as: labctl exec server/web-1 -- uptime");
        }
        if (!fanOut) {
            List<String> fanOutOnly = new ArrayList<>();
            if (options.parallel != null) {
                fanOutOnly.add("--parallel");
            }
            if (json) {
                fanOutOnly.add("-o json");
            }
            if (!fanOutOnly.isEmpty()) {
                throw usage(String.join(", ", fanOutOnly) + (fanOutOnly.size() == 1 ? " goes" : " go")
                        + " with a selection of servers (-l, --env or --cloud), which runs the command on each: leave "
                        + (fanOutOnly.size() == 1 ? "it" : "them") + " out for one server");
            }
        } else if (options.stdin || options.tty) {
            throw usage("-i and -t are for one server: on a selection of servers the command gets no input and no terminal");
        }
        if (options.parallel != null && (options.parallel < 1 || options.parallel > FanOutExec.MAX_PARALLEL)) {
            throw usage("--parallel must be between 1 and " + FanOutExec.MAX_PARALLEL + ", not " + options.parallel);
        }
        if (options.user != null && options.user.isBlank()) {
            throw usage("--user needs a user name, such as --user postgres");
        }
        ExecRequest request = new ExecRequest(command, options.user, variables(), timeoutSeconds());
        LabdClient labd = connection.connect();
        if (!fanOut) {
            return new SingleExec(io, labd::openExec, System::nanoTime).run(server, request, options.stdin, options.tty);
        }
        List<ExecTarget> targets = labd.execTargets(ServerSelection.selector(labels), options.selection.environment(),
                options.selection.cloud());
        if (targets.isEmpty()) {
            throw new LabctlException(ExitCode.NOT_FOUND, "no server matches " + options.selection.describe(labels)
                    + ": labctl get servers -o wide shows the servers and their labels");
        }
        return new FanOutExec(io, labd::openExec, System::nanoTime)
                .run(targets, request, options.parallel == null ? FanOutExec.DEFAULT_PARALLEL : options.parallel, json);
    }

    /** The server's name, from server/NAME or NAME; null for a fan-out. */
    private String server(boolean fanOut) {
        List<String> given = options.servers == null ? List.of() : options.servers;
        if (given.size() > 1) {
            throw usage("the command goes after --, such as: labctl exec " + given.get(0) + " -- "
                    + String.join(" ", given.subList(1, given.size())));
        }
        if (fanOut) {
            if (!given.isEmpty()) {
                throw usage("give either a server or a selection of servers (-l, --env, --cloud), not both: " + given.get(0)
                        + " is one server");
            }
            return null;
        }
        if (given.isEmpty()) {
            throw usage("name a server, such as labctl exec server/web-1 -- uptime, or select servers with -l KEY=VALUE, "
                    + "--env ENV or --cloud CLOUD (labctl runs a command on every server only when asked to by one of them)");
        }
        String word = given.get(0);
        int slash = word.indexOf('/');
        if (slash < 0) {
            return word;
        }
        String kind = word.substring(0, slash);
        String name = word.substring(slash + 1);
        if (!kind.equals("server") && !kind.equals("servers")) {
            throw usage("labctl exec runs commands on servers: write server/NAME or NAME, not '" + word + "'");
        }
        if (name.isEmpty() || name.contains("/")) {
            throw usage("'" + word + "' names no server: write server/NAME, such as server/web-1");
        }
        return name;
    }

    private Map<String, String> variables() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String variable : options.variables == null ? List.<String>of() : options.variables) {
            int equals = variable.indexOf('=');
            String name = equals < 0 ? variable : variable.substring(0, equals);
            if (equals < 0 || !VARIABLE_NAME.matcher(name).matches()) {
                throw usage("-e takes KEY=VALUE with KEY of letters, digits and '_', such as -e LANG=C.UTF-8, not '"
                        + variable + "'");
            }
            if (env.put(name, variable.substring(equals + 1)) != null) {
                throw usage("-e sets " + name + " twice: set each variable once");
            }
        }
        return env;
    }

    /** --timeout in whole seconds, rounded up (the agent counts seconds); 0 without it. */
    private long timeoutSeconds() {
        if (options.timeout == null) {
            return 0;
        }
        return options.timeout.getSeconds() + (options.timeout.getNano() > 0 ? 1 : 0);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
