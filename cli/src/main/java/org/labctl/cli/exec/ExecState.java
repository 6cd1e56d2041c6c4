package org.labctl.cli.exec;

import java.util.Locale;

/** How the command ended on one server, as {@code labctl exec} reports it. */
public enum ExecState {
    /** It ran and exited 0. */
    SUCCEEDED,
    /** It exited with another code, or labd could not start it (exit code null). */
    FAILED,
    /** The agent killed it at {@code --timeout}, or labctl gave up waiting for its end. */
    TIMED_OUT,
    /** It never ran: the server's agent is not connected, or the server is gone. */
    UNREACHABLE,
    /** It started, and then the agent or the connection to labd was lost: how it ended is unknown. */
    LOST,
    /** The caller may not exec on the server; labd recorded the refusal. */
    DENIED;

    /** As in output and JSON: {@code succeeded}, {@code timed_out}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As in the summary: {@code timed out}. */
    public String words() {
        return label().replace('_', ' ');
    }
}
