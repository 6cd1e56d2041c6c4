package org.labctl.api;

import java.util.Map;
import java.util.UUID;

/**
 * A control frame of a stream session, JSON, one per WebSocket text message; {@link ExecProtocol}
 * explains each type, who sends it and when. A session's start names its kind and carries the
 * kind's payload, which only the kind's handlers read (labd's relay and routing carry it as it
 * is); every other frame is the same for every kind. Fields that do not apply to the type are
 * null and may be left out of the JSON.
 *
 * @param type      one of {@link ExecProtocol#START} … {@link ExecProtocol#ERROR}
 * @param session   the session id
 * @param server    the target server's name (start from labctl to labd; labd removes it before the agent)
 * @param kind      the session's kind, such as {@value ExecStart#KIND} (start)
 * @param payload   what the kind needs to start, as JSON (start): an {@link ExecStart} for a command,
 *                  a {@link LogRequest} for a log, a {@link BastionCall} for a bastion call
 * @param cols      terminal columns (resize)
 * @param rows      terminal rows (resize)
 * @param pid       the process id on the server (started)
 * @param name      the signal to deliver, one of {@link ExecProtocol.Signal} (signal)
 * @param channel   the data channel the credit is for (window)
 * @param bytes     how many more bytes the sender may send on that channel (window)
 * @param code      the exit code, 128 + N when ended by signal N (exit)
 * @param signal    the signal that ended the process when known, else null (exit)
 * @param timedOut  whether the timeout killed the process (exit)
 * @param message   what went wrong (error)
 * @param status    the failure's HTTP-like status ({@link Failure#status()}), null when the session's
 *                  own process could not start or reports a problem (error)
 * @param error     the failure's code ({@link Failure#code()}), with {@code status} (error)
 */
public record ExecFrame(String type, UUID session, String server, String kind, Map<String, Object> payload, Integer cols,
        Integer rows, Long pid, String name, Integer channel, Long bytes, Integer code, String signal, Boolean timedOut,
        String message, Integer status, String error) {

    /** The start of a session of {@code kind} (labctl → labd → agent). */
    public static ExecFrame start(UUID session, String kind, Map<String, Object> payload) {
        return new ExecFrame(ExecProtocol.START, session, null, kind, payload == null ? Map.of() : payload, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    public static ExecFrame started(UUID session, long pid) {
        return new ExecFrame(ExecProtocol.STARTED, session, null, null, null, null, null, pid, null, null, null, null, null,
                null, null, null, null);
    }

    public static ExecFrame eof(UUID session) {
        return of(ExecProtocol.EOF, session);
    }

    public static ExecFrame signal(UUID session, ExecProtocol.Signal signal) {
        return new ExecFrame(ExecProtocol.SIGNAL, session, null, null, null, null, null, null, signal.name(), null, null, null,
                null, null, null, null, null);
    }

    public static ExecFrame resize(UUID session, int cols, int rows) {
        return new ExecFrame(ExecProtocol.RESIZE, session, null, null, null, cols, rows, null, null, null, null, null, null,
                null, null, null, null);
    }

    public static ExecFrame window(UUID session, int channel, long bytes) {
        return new ExecFrame(ExecProtocol.WINDOW, session, null, null, null, null, null, null, null, channel, bytes, null, null,
                null, null, null, null);
    }

    public static ExecFrame exit(UUID session, int code, String signal, boolean timedOut) {
        return new ExecFrame(ExecProtocol.EXIT, session, null, null, null, null, null, null, null, null, null, code, signal,
                timedOut, null, null, null);
    }

    /** An error of the session itself (its process could not start, or a problem while it runs), without a failure. */
    public static ExecFrame error(UUID session, String message) {
        return new ExecFrame(ExecProtocol.ERROR, session, null, null, null, null, null, null, null, null, null, null, null,
                null, message, null, null);
    }

    /** A refusal or loss, with its failure (labd's refusals, a handler's refusal, a lost agent). */
    public static ExecFrame error(UUID session, Failure failure, String message) {
        return new ExecFrame(ExecProtocol.ERROR, session, null, null, null, null, null, null, null, null, null, null, null,
                null, message, failure.status(), failure.code());
    }

    /** labctl → labd → agent: the client is gone or gave up; the agent kills the process tree and still sends exit. */
    public static ExecFrame abort(UUID session) {
        return of(ExecProtocol.ABORT, session);
    }

    /** This start frame aimed at a server (labctl → labd), or at none (labd → agent). */
    public ExecFrame toServer(String serverName) {
        return new ExecFrame(type, session, serverName, kind, payload, cols, rows, pid, name, channel, bytes, code, signal,
                timedOut, message, status, error);
    }

    /** This start frame with another payload (labd's kind may rewrite it, such as who asks). */
    public ExecFrame withPayload(Map<String, Object> newPayload) {
        return new ExecFrame(type, session, server, kind, newPayload, cols, rows, pid, name, channel, bytes, code, signal,
                timedOut, message, status, error);
    }

    /** An error frame's failure, null when it has none (the session's own error). */
    public Failure failure() {
        return status == null ? null : Failure.of(status);
    }

    private static ExecFrame of(String type, UUID session) {
        return new ExecFrame(type, session, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** {@code timedOut}, false when absent. */
    public boolean wasTimedOut() {
        return Boolean.TRUE.equals(timedOut);
    }
}
