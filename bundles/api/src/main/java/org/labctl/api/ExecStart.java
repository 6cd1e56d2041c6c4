package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * The payload of an {@value #KIND} session's start: a command to run on the server.
 *
 * @param argv           the command and its arguments, run as given, never through a shell
 * @param tty            whether to allocate a pseudo-terminal
 * @param cols           terminal columns (with tty)
 * @param rows           terminal rows (with tty)
 * @param user           the local user to run as, null for the agent's user
 * @param env            variables added to the agent's environment
 * @param timeoutSeconds kill the process tree after this many seconds, 0 or null for never
 */
public record ExecStart(List<String> argv, Boolean tty, Integer cols, Integer rows, String user, Map<String, String> env,
        Long timeoutSeconds) {

    /** The session kind whose payload this is. */
    public static final String KIND = "exec";

    /** A command without a terminal. */
    public static ExecStart of(List<String> argv, Map<String, String> env, long timeoutSeconds) {
        return new ExecStart(List.copyOf(argv), false, 0, 0, null, env == null ? Map.of() : Map.copyOf(env), timeoutSeconds);
    }

    /**
     * This start, checked.
     *
     * @throws IllegalArgumentException when there is no command
     */
    public ExecStart check() {
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            throw new IllegalArgumentException("no command to run: give it after --");
        }
        if (timeoutSeconds != null && timeoutSeconds < 0) {
            throw new IllegalArgumentException("the timeout is 0 (none) or more seconds");
        }
        return this;
    }

    /** {@code tty}, false when absent. */
    public boolean ttyRequested() {
        return Boolean.TRUE.equals(tty);
    }

    /** {@code timeoutSeconds}, 0 when absent. */
    public long timeout() {
        return timeoutSeconds == null ? 0 : timeoutSeconds;
    }

    /** {@code env}, empty when absent. */
    public Map<String, String> environment() {
        return env == null ? Map.of() : env;
    }

    /** The command as a person would type it (for the audit log). */
    public String commandLine() {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            if (line.length() > 0) {
                line.append(' ');
            }
            String value = String.valueOf(arg);
            line.append(!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+") ? value : "'" + value.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
