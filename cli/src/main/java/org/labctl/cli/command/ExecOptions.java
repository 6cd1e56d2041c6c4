package org.labctl.cli.command;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.labctl.cli.DurationConverter;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.exec.FanOutExec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The options and parameters of {@code labctl exec}, which {@link ExecCommand} adds to its command
 * only when a command line reaches it: picocli's reflection over them added 5 ms to the start of
 * every labctl command. {@code -o} is declared here rather than through the output mixin, which
 * needs the command it is mixed into from the start; like the mixin it takes only what exec prints.
 */
final class ExecOptions {

    /** The usage error of exec's command line, for a value picocli hands to a setter. */
    private final Function<String, ParameterException> usage;

    ExecOptions(Function<String, ParameterException> usage) {
        this.usage = usage;
    }

    @Parameters(paramLabel = "[server/]NAME", arity = "0..*", completionCandidates = Candidates.ServerKind.class,
            description = "The server to run the command on, such as server/web-1 or web-1.")
    List<String> servers;

    @Option(names = {"-i", "--stdin"},
            description = "Forward standard input also when it is a terminal (from a pipe or a file it always is).")
    boolean stdin;

    @Option(names = {"-t", "--tty"},
            description = "Run the command in a pseudo-terminal (with -i: an interactive session).")
    boolean tty;

    @Option(names = {"-e", "--env-var"}, paramLabel = "KEY=VALUE",
            description = "Add this variable to the command's environment; repeat it for several.")
    List<String> variables;

    @Option(names = "--user", paramLabel = "USER", description = "Run the command as this user (default: the agent's).")
    String user;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Kill the command's process tree after this long, such as 30s or 5m (whole seconds, "
                    + "rounded up); labctl then exits 124. Default: no limit.")
    Duration timeout;

    /** -l, --env and --cloud: run on every server they select, instead of on one server. */
    @Mixin
    ServerSelection selection;

    @Option(names = "--parallel", paramLabel = "N",
            description = "With a selection: run on at most N servers at a time, 1 to " + FanOutExec.MAX_PARALLEL + ". Default: "
                    + FanOutExec.DEFAULT_PARALLEL + ".")
    Integer parallel;

    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "Output format: table (the default: each line after its server's name with a selection) or "
                    + "json (with a selection: one JSON object per server, JSON Lines).")
    void format(String label) {
        for (String form : new Formats()) {
            if (form.equalsIgnoreCase(label)) {
                format = OutputFormat.valueOf(form.toUpperCase(Locale.ROOT));
                return;
            }
        }
        throw usage.apply("'labctl exec' prints table or json, not " + label);
    }

    @Mixin
    HelpMixin help;

    /** The forms of -o that exec prints. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(OutputFormat.TABLE.label(), OutputFormat.JSON.label()).iterator();
        }
    }
}
