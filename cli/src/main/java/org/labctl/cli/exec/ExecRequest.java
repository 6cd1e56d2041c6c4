package org.labctl.cli.exec;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.ExecFrame;
import org.labctl.api.LogRequest;

/**
 * What to run, the same on every server of an invocation.
 *
 * @param argv           the command and its arguments, run as given, without a shell
 * @param user           the user to run it as, null for the agent's
 * @param env            variables added to the agent's environment
 * @param timeoutSeconds after how long the agent kills the process tree, 0 for never
 * @param logs           instead of a command, the log to stream ({@code labctl logs}), else null
 * @param bastion        instead of a command, a call to the standalone bastion on the server, else null
 */
public record ExecRequest(List<String> argv, String user, Map<String, String> env, long timeoutSeconds, LogRequest logs,
        org.labctl.api.BastionCall bastion) {

    public ExecRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** A command to run. */
    public ExecRequest(List<String> argv, String user, Map<String, String> env, long timeoutSeconds) {
        this(argv, user, env, timeoutSeconds, null, null);
    }

    /** A log to stream: it has no input and no terminal. */
    public static ExecRequest logs(LogRequest logs) {
        return new ExecRequest(List.of(), null, Map.of(), 0, logs, null);
    }

    /** A call to a standalone bastion: no input, no terminal, its answer on stdout. */
    public static ExecRequest bastion(org.labctl.api.BastionCall call) {
        return new ExecRequest(List.of(), null, Map.of(), 0, null, call);
    }

    /** The {@code start} frame of a new session: a fresh session id, a terminal of {@code columns} x {@code rows} when {@code tty}. */
    ExecFrame start(boolean tty, int columns, int rows) {
        if (bastion != null) {
            return ExecFrame.bastion(UUID.randomUUID(), bastion);
        }
        if (logs != null) {
            return ExecFrame.logs(UUID.randomUUID(), logs);
        }
        return ExecFrame.start(UUID.randomUUID(), argv, tty, columns, rows, user, env, timeoutSeconds);
    }
}
