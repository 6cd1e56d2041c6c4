package org.labctl.api;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An exec control frame, JSON, one per WebSocket text message; {@link ExecProtocol} explains each
 * type, who sends it and when. Fields that do not apply to the type are null and may be left out
 * of the JSON.
 *
 * @param type           one of {@link ExecProtocol#START} … {@link ExecProtocol#ERROR}
 * @param session        the session id
 * @param server         the target server's name (start from labctl to labd; labd removes it before the agent)
 * @param argv           the command and its arguments (start)
 * @param tty            whether to allocate a pseudo-terminal (start)
 * @param cols           terminal columns (start with tty, resize)
 * @param rows           terminal rows (start with tty, resize)
 * @param user           the local user to run as, null for the agent's user (start)
 * @param env            variables added to the agent's environment (start)
 * @param timeoutSeconds kill the process tree after this many seconds, 0 for never (start)
 * @param pid            the process id on the server (started)
 * @param name           the signal to deliver, one of {@link ExecProtocol.Signal} (signal)
 * @param channel        the data channel the credit is for (window)
 * @param bytes          how many more bytes the sender may send on that channel (window)
 * @param code           the exit code, 128 + N when ended by signal N (exit)
 * @param signal         the signal that ended the process when known, else null (exit)
 * @param timedOut       whether the timeout killed the process (exit)
 * @param message        what went wrong (error)
 * @param status         for an error from labd, an HTTP-like status: 400 bad request, 403 denied,
 *                       404 unknown server, 503 not connected or lost, 500 labd's own trouble (error)
 * @param logs           instead of {@code argv}: the log to stream, for {@code labctl logs} (start)
 * @param bastion        instead of {@code argv}: a call to the standalone bastion on the server (start)
 */
public record ExecFrame(String type, UUID session, String server, List<String> argv, Boolean tty, Integer cols, Integer rows,
        String user, Map<String, String> env, Long timeoutSeconds, Long pid, String name, Integer channel,
        Long bytes, Integer code, String signal, Boolean timedOut, String message, Integer status, LogRequest logs,
        BastionCall bastion) {

    /** The frame without {@code bastion}, as exec clients before version 1.5 of this package built it. */
    public ExecFrame(String type, UUID session, String server, List<String> argv, Boolean tty, Integer cols, Integer rows,
            String user, Map<String, String> env, Long timeoutSeconds, Long pid, String name, Integer channel,
            Long bytes, Integer code, String signal, Boolean timedOut, String message, Integer status, LogRequest logs) {
        this(type, session, server, argv, tty, cols, rows, user, env, timeoutSeconds, pid, name, channel, bytes, code, signal,
                timedOut, message, status, logs, null);
    }

    public static ExecFrame start(UUID session, List<String> argv, boolean tty, int cols, int rows, String user,
            Map<String, String> env, long timeoutSeconds) {
        return new ExecFrame(ExecProtocol.START, session, null, List.copyOf(argv), tty, cols, rows, user,
                env == null ? Map.of() : Map.copyOf(env), timeoutSeconds, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The frame without {@code logs}, as exec clients before version 1.3 of this package built it.
     */
    public ExecFrame(String type, UUID session, String server, List<String> argv, Boolean tty, Integer cols, Integer rows,
            String user, Map<String, String> env, Long timeoutSeconds, Long pid, String name, Integer channel,
            Long bytes, Integer code, String signal, Boolean timedOut, String message, Integer status) {
        this(type, session, server, argv, tty, cols, rows, user, env, timeoutSeconds, pid, name, channel, bytes, code, signal,
                timedOut, message, status, null);
    }

    /**
     * The start frame of a {@code logs} session: the agent streams the log on stdout (and its own
     * complaints on stderr) with the same windows, signals, abort and exit as a command.
     */
    public static ExecFrame logs(UUID session, LogRequest logs) {
        return new ExecFrame(ExecProtocol.START, session, null, null, false, null, null, null, Map.of(), 0L, null, null, null,
                null, null, null, null, null, null, logs);
    }

    /** Whether this start frame asks for a log rather than a command. */
    public boolean forLogs() {
        return logs != null;
    }

    /** The start frame of a call to a standalone bastion: the agent answers on stdout, then exits. */
    public static ExecFrame bastion(UUID session, BastionCall call) {
        return new ExecFrame(ExecProtocol.START, session, null, null, false, null, null, null, Map.of(), 0L, null, null, null,
                null, null, null, null, null, null, null, call);
    }

    /** Whether this start frame is a call to a standalone bastion rather than a command. */
    public boolean forBastion() {
        return bastion != null;
    }

    /** This start frame with another bastion call (labd sets who asks). */
    public ExecFrame withBastion(BastionCall call) {
        return new ExecFrame(type, session, server, argv, tty, cols, rows, user, env, timeoutSeconds, pid, name, channel,
                bytes, code, signal, timedOut, message, status, logs, call);
    }

    /** A start frame for a command without a terminal. */
    public static ExecFrame start(UUID session, List<String> argv, Map<String, String> env, long timeoutSeconds) {
        return start(session, argv, false, 0, 0, null, env, timeoutSeconds);
    }

    public static ExecFrame started(UUID session, long pid) {
        return new ExecFrame(ExecProtocol.STARTED, session, null, null, null, null, null, null, null, null, pid, null, null,
                null, null, null, null, null, null, null);
    }

    public static ExecFrame eof(UUID session) {
        return of(ExecProtocol.EOF, session);
    }

    public static ExecFrame signal(UUID session, ExecProtocol.Signal signal) {
        return new ExecFrame(ExecProtocol.SIGNAL, session, null, null, null, null, null, null, null, null, null,
                signal.name(), null, null, null, null, null, null, null, null);
    }

    public static ExecFrame resize(UUID session, int cols, int rows) {
        return new ExecFrame(ExecProtocol.RESIZE, session, null, null, null, cols, rows, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public static ExecFrame window(UUID session, int channel, long bytes) {
        return new ExecFrame(ExecProtocol.WINDOW, session, null, null, null, null, null, null, null, null, null, null,
                channel, bytes, null, null, null, null, null, null);
    }

    public static ExecFrame exit(UUID session, int code, String signal, boolean timedOut) {
        return new ExecFrame(ExecProtocol.EXIT, session, null, null, null, null, null, null, null, null, null, null, null,
                null, code, signal, timedOut, null, null, null);
    }

    public static ExecFrame error(UUID session, String message) {
        return error(session, message, null);
    }

    /** An error from labd with its status (400, 403, 404, 503, 500). */
    public static ExecFrame error(UUID session, String message, Integer status) {
        return new ExecFrame(ExecProtocol.ERROR, session, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, message, status, null);
    }

    /** labctl → labd → agent: the client is gone or gave up; the agent kills the process tree and still sends exit. */
    public static ExecFrame abort(UUID session) {
        return of(ExecProtocol.ABORT, session);
    }

    /** This start frame aimed at a server (labctl → labd). */
    public ExecFrame toServer(String serverName) {
        return new ExecFrame(type, session, serverName, argv, tty, cols, rows, user, env, timeoutSeconds, pid, name, channel,
                bytes, code, signal, timedOut, message, status, logs, bastion);
    }

    private static ExecFrame of(String type, UUID session) {
        return new ExecFrame(type, session, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** {@code tty}, false when absent. */
    public boolean ttyRequested() {
        return Boolean.TRUE.equals(tty);
    }

    /** {@code timeoutSeconds}, 0 when absent. */
    public long timeout() {
        return timeoutSeconds == null ? 0 : timeoutSeconds;
    }

    /** {@code timedOut}, false when absent. */
    public boolean wasTimedOut() {
        return Boolean.TRUE.equals(timedOut);
    }
}
