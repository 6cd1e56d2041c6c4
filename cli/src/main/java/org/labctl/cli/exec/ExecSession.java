package org.labctl.cli.exec;

import java.io.InputStream;
import java.util.UUID;
import org.labctl.api.ExecFrame;

/**
 * The command on one server: its session id, {@code start} frame, where its output goes, and once
 * over, its {@link ExecOutcome}. {@link ExecLoop} drives it; only the loop's thread touches it.
 */
public final class ExecSession {

    /** Where the session is in its life. */
    enum Phase {
        /** Not started yet: a fan-out has {@code --parallel} sessions going at a time. */
        WAITING,
        /** {@code start} sent, no answer yet. */
        STARTING,
        /** {@code started} came: the process runs. */
        RUNNING,
        DONE
    }

    private final String server;
    private final UUID id;
    private final ExecFrame start;
    private final SessionOutput output;
    private final InputStream stdin;
    private final String unreachable;
    private final long timeoutSeconds;

    Phase phase = Phase.WAITING;
    long startSentAt;
    /** {@link System#nanoTime()} after which labctl stops waiting for {@code exit}; 0 for never. */
    long deadline;
    /** Ctrl-C came before {@code started}: SIGINT goes out as soon as the command runs. */
    boolean interruptPending;
    /** By channel: output written that the agent has not had its window credit back for yet. */
    final long[] unacknowledged = new long[3];
    StdinPump pump;
    private ExecOutcome outcome;

    private ExecSession(String server, ExecFrame start, long timeoutSeconds, SessionOutput output, InputStream stdin,
            String unreachable) {
        this.timeoutSeconds = timeoutSeconds;
        this.server = server;
        this.id = start == null ? null : start.session();
        this.start = start == null ? null : start.toServer(server);
        this.output = output;
        this.stdin = stdin;
        this.unreachable = unreachable;
    }

    /**
     * A session to run.
     *
     * @param start          its {@code start} frame, with a fresh session id; the server is added here
     * @param timeoutSeconds   after how long the agent ends it, 0 for never (labctl then waits a little more)
     * @param stdin            the input to forward, or null to send {@code eof} as soon as the command starts
     */
    public static ExecSession of(String server, ExecFrame start, long timeoutSeconds, SessionOutput output, InputStream stdin) {
        return new ExecSession(server, start, timeoutSeconds, output, stdin, null);
    }

    /** A server known to be unreachable: it is reported as such, and nothing is sent for it. */
    public static ExecSession unreachable(String server, String why) {
        return new ExecSession(server, null, 0, null, null, why);
    }

    public String server() {
        return server;
    }

    /** The session id, null for an {@link #unreachable} one. */
    public UUID id() {
        return id;
    }

    /** After how long the agent ends the session, 0 for never. */
    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** The {@code start} frame aimed at the server, null for an {@link #unreachable} one. */
    public ExecFrame start() {
        return start;
    }

    /** How it ended, null while it has not. */
    public ExecOutcome outcome() {
        return outcome;
    }

    /** Where its output goes; null for an {@link #unreachable} one. */
    public SessionOutput output() {
        return output;
    }

    InputStream stdin() {
        return stdin;
    }

    /** Why it cannot run, when known before trying; else null. */
    String knownUnreachable() {
        return unreachable;
    }

    /** {@code message} after {@code server/NAME: }, unless it names the server already, as labd's messages do. */
    String aboutThisServer(String message) {
        String name = "server/" + server;
        return message.contains(name) ? message : name + ": " + message;
    }

    boolean active() {
        return phase == Phase.STARTING || phase == Phase.RUNNING;
    }

    boolean tty() {
        return start != null && start.payload() != null && Boolean.TRUE.equals(start.payload().get("tty"));
    }

    void end(ExecOutcome ended) {
        phase = Phase.DONE;
        outcome = ended;
        if (pump != null) {
            pump.stop();
        }
    }
}
