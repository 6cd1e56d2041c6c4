package org.labctl.cli.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labctl.cli.Mappers;

/**
 * What a fan-out ({@code labctl exec -l}) prints besides the servers' own output: for people, a line
 * on stderr for each server that did not succeed and the {@link #summary} at the end; with
 * {@code -o json}, one {@link Record} per server on stdout as each ends (JSON Lines).
 */
public final class FanOutReport implements ExecLoop.Reporter {

    /** Names listed in the summary for one state (or exit code) before the rest are only counted. */
    static final int NAMES_SHOWN = 10;

    private final boolean json;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final List<ExecSession> ended = new ArrayList<>();

    /** @param json whether to print JSON records rather than lines for people */
    public FanOutReport(boolean json, OutputStream stdout, OutputStream stderr) {
        this.json = json;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void finished(ExecSession session) throws IOException {
        ended.add(session);
        ExecOutcome outcome = session.outcome();
        if (json) {
            write(stdout, Mappers.json().writeValueAsString(record(session)) + "\n");
        } else if (outcome.state() != ExecState.SUCCEEDED && outcome.error() != null) {
            warning(session, outcome.error());
        }
    }

    @Override
    public void warning(ExecSession session, String message) throws IOException {
        write(stderr, "labctl: " + session.aboutThisServer(message) + "\n");
    }

    /** The record of one ended session. */
    static Record record(ExecSession session) {
        ExecOutcome outcome = session.outcome();
        CapturedOutput captured = session.output() instanceof CapturedOutput output ? output : null;
        return new Record(outcome.server(), outcome.state().label(), outcome.exitCode(), outcome.signal(),
                captured == null ? "" : captured.stdout(), captured == null ? "" : captured.stderr(),
                outcome.durationMs(), outcome.error(), captured != null && captured.truncated() ? Boolean.TRUE : null);
    }

    /**
     * One line for all servers, such as
     * {@code 5 servers: 3 succeeded, 1 failed (exit 2: db-1), 0 timed out, 1 unreachable (web-3), 0 lost, 0 denied}.
     *
     * @param sessions every session of the fan-out, in the order to list names in
     */
    public static String summary(List<ExecSession> sessions) {
        Map<ExecState, List<String>> byState = new EnumMap<>(ExecState.class);
        // by exit code, sorted; null (never exited) last
        Map<Integer, List<String>> failedByCode = new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : 1)
                : b == null ? -1 : Integer.compare(a, b));
        for (ExecSession session : sessions) {
            ExecOutcome outcome = session.outcome();
            if (outcome == null) {
                continue;
            }
            byState.computeIfAbsent(outcome.state(), state -> new ArrayList<>()).add(outcome.server());
            if (outcome.state() == ExecState.FAILED) {
                failedByCode.computeIfAbsent(outcome.exitCode(), code -> new ArrayList<>()).add(outcome.server());
            }
        }
        StringBuilder summary = new StringBuilder();
        summary.append(sessions.size()).append(sessions.size() == 1 ? " server: " : " servers: ");
        List<String> parts = new ArrayList<>();
        for (ExecState state : ExecState.values()) {
            List<String> names = byState.getOrDefault(state, List.of());
            String part = names.size() + " " + state.words();
            if (state == ExecState.FAILED && !names.isEmpty()) {
                List<String> groups = new ArrayList<>();
                failedByCode.forEach((code, failed) -> groups.add((code == null ? "error" : "exit " + code) + ": "
                        + names(failed)));
                part += " (" + String.join("; ", groups) + ")";
            } else if (state != ExecState.SUCCEEDED && !names.isEmpty()) {
                part += " (" + names(names) + ")";
            }
            parts.add(part);
        }
        return summary.append(String.join(", ", parts)).toString();
    }

    private static String names(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " more";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The JSON record of one server ({@code -o json}), a stable format for scripts.
     *
     * @param server     the server's name
     * @param state      succeeded, failed, timed_out, unreachable, lost or denied
     * @param exitCode   the command's exit code, null when it never ran or its end is unknown
     * @param signal     the signal that ended it, when the agent knows, else null
     * @param stdout     its standard output as UTF-8 text, at most 1 MiB
     * @param stderr     its standard error, likewise
     * @param durationMs from the start request to the end, null when it was never sent
     * @param error      what went wrong, or null
     * @param truncated  true when stdout or stderr had more than 1 MiB; absent otherwise
     */
    public record Record(String server, String state, Integer exitCode, String signal, String stdout, String stderr,
            Long durationMs, String error, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean truncated) {
    }
}
