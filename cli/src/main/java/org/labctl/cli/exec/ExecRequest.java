package org.labctl.cli.exec;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.ExecFrame;

/**
 * What to run, the same on every server of an invocation.
 *
 * @param argv           the command and its arguments, run as given, without a shell
 * @param user           the user to run it as, null for the agent's
 * @param env            variables added to the agent's environment
 * @param timeoutSeconds after how long the agent kills the process tree, 0 for never
 */
public record ExecRequest(List<String> argv, String user, Map<String, String> env, long timeoutSeconds) {

    public ExecRequest {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The {@code start} frame of a new session: a fresh session id, a terminal of {@code columns} x {@code rows} when {@code tty}. */
    ExecFrame start(boolean tty, int columns, int rows) {
        return ExecFrame.start(UUID.randomUUID(), argv, tty, columns, rows, user, env, timeoutSeconds);
    }
}
