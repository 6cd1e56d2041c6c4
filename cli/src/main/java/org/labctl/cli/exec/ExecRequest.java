package org.labctl.cli.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.BastionCall;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecStart;
import org.labctl.api.LogRequest;
import org.labctl.cli.Mappers;

/**
 * What a session starts, the same on every server of an invocation: a session kind and its
 * payload; the session machinery ({@link SingleExec}, {@link FanOutExec}, {@link ExecLoop}) carries
 * any kind alike.
 *
 * @param kind           the session kind, such as {@value ExecStart#KIND}
 * @param payload        what the kind needs, as JSON
 * @param takesInput     whether the session reads standard input (a command does; a log does not)
 * @param timeoutSeconds after how long the agent ends the session, 0 for never (labctl waits a little more)
 */
public record ExecRequest(String kind, Map<String, Object> payload, boolean takesInput, long timeoutSeconds) {

    public ExecRequest {
        payload = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(payload));
    }

    /** A command to run: its arguments as given, without a shell; as {@code user} (null: the agent's); with {@code env} added. */
    public ExecRequest(List<String> argv, String user, Map<String, String> env, long timeoutSeconds) {
        this(ExecStart.KIND, payload(new ExecStart(List.copyOf(argv), false, 0, 0, user, Map.copyOf(env), timeoutSeconds)),
                true, timeoutSeconds);
    }

    /** A log to stream: it has no input and no terminal. */
    public static ExecRequest logs(LogRequest logs) {
        return new ExecRequest(logs.kind(), payload(logs), false, 0);
    }

    /** A call to a standalone bastion: no input, no terminal, its answer on stdout. */
    public static ExecRequest bastion(BastionCall call) {
        return new ExecRequest(BastionCall.KIND, payload(call), false, 0);
    }

    /**
     * The {@code start} frame of a new session: a fresh session id; with {@code tty}, a terminal of
     * {@code columns} x {@code rows} ({@code tty}, {@code cols} and {@code rows} in the payload, for
     * a kind that takes one).
     */
    ExecFrame start(boolean tty, int columns, int rows) {
        Map<String, Object> sent = payload;
        if (tty) {
            sent = new LinkedHashMap<>(payload);
            sent.put("tty", true);
            sent.put("cols", columns);
            sent.put("rows", rows);
        }
        return ExecFrame.start(UUID.randomUUID(), kind, sent);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Object value) {
        return Mappers.frames().convertValue(value, Map.class);
    }
}
