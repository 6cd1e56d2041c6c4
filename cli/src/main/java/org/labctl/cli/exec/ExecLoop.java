package org.labctl.cli.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.Failure;
import org.labctl.api.ExecProtocol;
import org.labctl.cli.HumanDuration;
import org.labctl.cli.Mappers;

/**
 * Runs the sessions of one {@code labctl exec} over one connection to labd ({@link ExecProtocol}):
 * starts them, at most {@code parallel} at a time, relays their input and output with flow
 * control, and records how each ends.
 *
 * <p>One thread, the caller of {@link #run}, does all the work; the transport, the stdin pump,
 * Ctrl-C and terminal resizes only queue events for it. So the sessions need no locks, and a slow
 * reader of labctl's output holds up that thread, which then neither takes more of labd's messages
 * ({@link ExecTransport#request}) nor gives window credit back: the remote process blocks on its
 * pipe, and nothing piles up in memory. Right after {@code started}, a session's stdout window is
 * widened to its share of {@link #OUTPUT_BUDGET} (a {@code window} frame beyond what was written);
 * then credit for written output goes back each time a quarter of the window is written.
 */
public final class ExecLoop implements ExecTransport.Receiver {

    /** How long labctl waits for {@code exit} past {@code --timeout}, which the agent enforces, before it gives up. */
    public static final Duration TIMEOUT_GRACE = Duration.ofSeconds(15);
    /** The names of the threads that forward standard input start with this. */
    public static final String STDIN_THREAD = "labctl-stdin-";
    /** A second Ctrl-C within this time aborts instead of interrupting. */
    public static final Duration SECOND_INTERRUPT = Duration.ofSeconds(2);
    /**
     * The stdout window of all running sessions together: 8 MiB. One session alone gets all of it, so
     * that several frames are in flight on each hop (labctl to labd to the agent) and the agent never
     * waits for credit while labctl keeps up; the protocol's {@link ExecProtocol#INITIAL_WINDOW} is
     * the least a session gets when many run at once.
     */
    static final long OUTPUT_BUDGET = 8L << 20;

    /** Opens the connection, when the first session is about to start. */
    @FunctionalInterface
    public interface Connector {
        ExecTransport open(ExecTransport.Receiver receiver);
    }

    /** Told what happens, on the loop's thread; output written here goes in order with the sessions' own. */
    public interface Reporter {

        /** The session ended; {@link ExecSession#outcome()} says how. Called once for each session. */
        void finished(ExecSession session) throws IOException;

        /** A problem that does not end the session, such as labd's warning. */
        void warning(ExecSession session, String message) throws IOException;
    }

    /** How the loop ended. */
    public enum Ending {
        /** Every session ended (lost sessions included). */
        FINISHED,
        /** A second Ctrl-C: the running sessions were aborted. */
        INTERRUPTED,
        /** labctl's own output was closed: the running sessions were aborted. */
        OUTPUT_CLOSED
    }

    private final List<ExecSession> sessions;
    private final int parallel;
    private final Reporter reporter;
    private final LongSupplier nanoTime;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<UUID, ExecSession> byId = new HashMap<>();
    private final Deque<ExecSession> waiting = new ArrayDeque<>();
    private ExecTransport transport;
    private int active;
    private int unfinished;
    private long lastInterrupt;
    private boolean interrupted;
    private boolean connectionLost;
    private Ending ending;

    /**
     * @param sessions the sessions, started in this order
     * @param parallel how many may run at a time
     * @param nanoTime the clock of deadlines, {@link System#nanoTime} but in tests
     */
    public ExecLoop(List<ExecSession> sessions, int parallel, Reporter reporter, LongSupplier nanoTime) {
        this.sessions = List.copyOf(sessions);
        this.parallel = parallel;
        this.reporter = reporter;
        this.nanoTime = nanoTime;
        for (ExecSession session : sessions) {
            if (session.id() != null) {
                byId.put(session.id(), session);
            }
        }
    }

    /**
     * Runs the sessions until each has ended, or a second Ctrl-C, or labctl's output closed. The
     * connection is opened only when a session is to start, and left for the caller to close.
     *
     * @return how it ended; each session's {@link ExecSession#outcome()} says how it did
     * @throws org.labctl.cli.LabctlException when the connection cannot be opened
     */
    public Ending run(Connector connector) throws InterruptedException {
        try {
            unfinished = sessions.size();
            for (ExecSession session : sessions) {
                if (session.knownUnreachable() != null) {
                    end(session, new ExecOutcome(session.server(), ExecState.UNREACHABLE, null, null, null,
                            session.knownUnreachable(), null));
                } else {
                    waiting.add(session);
                }
            }
            if (!waiting.isEmpty()) {
                transport = connector.open(this);
                startWaiting();
            }
            while (unfinished > 0 && ending == null) {
                Event event = next();
                if (event != null) {
                    handle(event);
                }
                expireDeadlines();
            }
        } catch (IOException outputClosed) {
            ending = Ending.OUTPUT_CLOSED;
        }
        if (ending == null) {
            ending = Ending.FINISHED;
        } else {
            abortActive();
        }
        return ending;
    }

    /** The transport opened by {@link #run}, null when none was needed. */
    public ExecTransport transport() {
        return transport;
    }

    /** Whether the connection to labd broke before every session ended. */
    public boolean connectionLost() {
        return connectionLost;
    }

    /** Ctrl-C: the first sends SIGINT to the running commands, a second within {@link #SECOND_INTERRUPT} aborts them. */
    public void interrupt() {
        events.add(new Interrupt());
    }

    /** The local terminal changed size: pass it on to the sessions with a terminal. */
    public void resize(int columns, int rows) {
        events.add(new Resize(columns, rows));
    }

    @Override
    public void text(String json) {
        events.add(new Text(json));
    }

    @Override
    public void binary(ByteBuffer frame) {
        events.add(new Binary(frame));
    }

    @Override
    public void closed(int statusCode, String reason) {
        events.add(new Broken(reason == null || reason.isBlank() ? "labd closed it" : "labd closed it: " + reason));
    }

    @Override
    public void failed(Throwable failure) {
        String message = failure.getMessage();
        events.add(new Broken(message == null || message.isBlank() ? failure.getClass().getSimpleName() : message));
    }

    private Event next() throws InterruptedException {
        long deadline = nearestDeadline();
        if (deadline == 0) {
            return events.take();
        }
        long wait = deadline - nanoTime.getAsLong();
        return wait <= 0 ? events.poll() : events.poll(wait, TimeUnit.NANOSECONDS);
    }

    private long nearestDeadline() {
        long nearest = 0;
        for (ExecSession session : sessions) {
            if (session.active() && session.deadline != 0 && (nearest == 0 || session.deadline - nearest < 0)) {
                nearest = session.deadline;
            }
        }
        return nearest;
    }

    private void handle(Event event) throws IOException {
        if (event instanceof Text text) {
            transport.request(1);
            control(text.json());
        } else if (event instanceof Binary binary) {
            transport.request(1);
            data(binary.frame());
        } else if (event instanceof Input input) {
            if (input.session().active()) {
                transport.sendBinary(ExecProtocol.encode(ExecProtocol.STDIN, input.session().id(), input.bytes()));
            }
        } else if (event instanceof InputEnd end) {
            if (end.session().active()) {
                transport.sendText(json(ExecFrame.eof(end.session().id())));
                if (end.failure() != null) {
                    reporter.warning(end.session(), "cannot read standard input (" + end.failure().getMessage()
                            + "): the command got the end of its input");
                }
            }
        } else if (event instanceof Interrupt) {
            interrupt(nanoTime.getAsLong());
        } else if (event instanceof Resize resize) {
            for (ExecSession session : sessions) {
                if (session.active() && session.tty()) {
                    transport.sendText(json(ExecFrame.resize(session.id(), resize.columns(), resize.rows())));
                }
            }
        } else if (event instanceof Broken broken) {
            connectionLost(broken.reason());
        }
    }

    private void control(String json) throws IOException {
        ExecFrame frame;
        try {
            frame = Mappers.frames().readValue(json, ExecFrame.class);
        } catch (JsonProcessingException e) {
            // one unreadable frame says nothing about the sessions: keep going
            return;
        }
        ExecSession session = frame.session() == null ? null : byId.get(frame.session());
        if (session == null || !session.active() || frame.type() == null) {
            return;
        }
        switch (frame.type()) {
            case ExecProtocol.STARTED -> started(session);
            case ExecProtocol.WINDOW -> {
                if (frame.channel() != null && frame.channel() == ExecProtocol.STDIN && frame.bytes() != null
                        && frame.bytes() > 0 && session.pump != null) {
                    session.pump.credit(frame.bytes());
                }
            }
            case ExecProtocol.EXIT -> exited(session, frame);
            case ExecProtocol.ERROR -> error(session, frame);
            default -> {
                // a type this labctl does not know is for someone else
            }
        }
    }

    private void started(ExecSession session) {
        if (session.phase != ExecSession.Phase.STARTING) {
            return;
        }
        session.phase = ExecSession.Phase.RUNNING;
        long more = outputWindow() - ExecProtocol.INITIAL_WINDOW;
        if (more > 0) {
            transport.sendText(json(ExecFrame.window(session.id(), ExecProtocol.STDOUT, more)));
        }
        if (session.interruptPending) {
            transport.sendText(json(ExecFrame.signal(session.id(), ExecProtocol.Signal.INT)));
        }
        if (session.stdin() == null) {
            transport.sendText(json(ExecFrame.eof(session.id())));
            return;
        }
        session.pump = new StdinPump(session.stdin(), new StdinPump.Sink() {
            @Override
            public void data(byte[] bytes) {
                events.add(new Input(session, bytes));
            }

            @Override
            public void end(IOException failure) {
                events.add(new InputEnd(session, failure));
            }
        });
        session.pump.start(STDIN_THREAD + session.server());
    }

    private void exited(ExecSession session, ExecFrame exit) throws IOException {
        Integer code = exit.code();
        ExecState state;
        String error = null;
        if (exit.wasTimedOut()) {
            state = ExecState.TIMED_OUT;
            error = "command timed out after " + HumanDuration.format(session.timeoutSeconds())
                    + "; the remote process tree was killed";
        } else if (code == null) {
            state = ExecState.FAILED;
            error = "the agent reported the end of the command on server/" + session.server() + " without an exit code";
        } else {
            state = code == 0 ? ExecState.SUCCEEDED : ExecState.FAILED;
        }
        end(session, new ExecOutcome(session.server(), state, code, exit.signal(), null, error, duration(session)));
    }

    /**
     * Before {@code started} an error ends the session: its failure says why (permission denied or
     * unauthenticated: denied; not found or unavailable: unreachable; others: failed; none: the
     * agent could not start the session). After it, unavailable means the agent was lost mid-run;
     * anything else is a warning, and {@code exit} still follows. labd's messages name the server
     * and say what to do, so they are kept as they are.
     */
    private void error(ExecSession session, ExecFrame error) throws IOException {
        String message = error.message() == null || error.message().isBlank() ? "no reason given" : error.message();
        Integer status = error.status();
        Failure failure = error.failure();
        if (session.phase == ExecSession.Phase.RUNNING) {
            if (failure == Failure.UNAVAILABLE) {
                end(session, new ExecOutcome(session.server(), ExecState.LOST, null, null, status,
                        message, duration(session)));
            } else {
                reporter.warning(session, message);
            }
            return;
        }
        ExecState state = failure == null ? ExecState.FAILED : switch (failure) {
            case PERMISSION_DENIED, UNAUTHENTICATED -> ExecState.DENIED;
            case UNAVAILABLE, NOT_FOUND -> ExecState.UNREACHABLE;
            default -> ExecState.FAILED;
        };
        end(session, new ExecOutcome(session.server(), state, null, null, status, message, duration(session)));
    }

    private void data(ByteBuffer frame) throws IOException {
        ExecData data;
        try {
            data = ExecProtocol.decode(frame);
        } catch (IllegalArgumentException malformed) {
            return;
        }
        ExecSession session = byId.get(data.session());
        if (session == null || !session.active() || data.channel() == ExecProtocol.STDIN) {
            return;
        }
        int count = data.payload().remaining();
        session.output().write(data.channel(), data.payload());
        session.unacknowledged[data.channel()] += count;
        if (session.unacknowledged[data.channel()] >= grantBatch(data.channel())) {
            grant(session, data.channel());
        }
    }

    /** The stdout window of each session: its share of {@link #OUTPUT_BUDGET}, at least the protocol's. */
    private long outputWindow() {
        return outputWindow(parallel, sessions.size());
    }

    /** The stdout window of each of {@code sessions} sessions run {@code parallel} at a time. */
    static long outputWindow(int parallel, int sessions) {
        return Math.max(ExecProtocol.INITIAL_WINDOW, OUTPUT_BUDGET / Math.max(1, Math.min(parallel, sessions)));
    }

    /**
     * Credit goes back once a quarter of the channel's window is written: the agent always has most
     * of its window to send with, and labd relays a window frame per quarter, not per data frame.
     */
    private long grantBatch(int channel) {
        return (channel == ExecProtocol.STDOUT ? outputWindow() : ExecProtocol.INITIAL_WINDOW) / 4;
    }

    private void grant(ExecSession session, int channel) {
        long bytes = session.unacknowledged[channel];
        if (bytes > 0) {
            session.unacknowledged[channel] = 0;
            transport.sendText(json(ExecFrame.window(session.id(), channel, bytes)));
        }
    }

    private void interrupt(long now) {
        if (interrupted && now - lastInterrupt <= SECOND_INTERRUPT.toNanos()) {
            ending = Ending.INTERRUPTED;
            return;
        }
        interrupted = true;
        lastInterrupt = now;
        for (ExecSession session : sessions) {
            if (session.phase == ExecSession.Phase.RUNNING) {
                transport.sendText(json(ExecFrame.signal(session.id(), ExecProtocol.Signal.INT)));
            } else if (session.phase == ExecSession.Phase.STARTING) {
                session.interruptPending = true;
            }
        }
    }

    private void expireDeadlines() throws IOException {
        long now = nanoTime.getAsLong();
        for (ExecSession session : sessions) {
            if (session.active() && session.deadline != 0 && now - session.deadline >= 0) {
                transport.sendText(json(ExecFrame.abort(session.id())));
                long timeout = session.timeoutSeconds();
                end(session, new ExecOutcome(session.server(), ExecState.TIMED_OUT, null, null, null,
                        "no end from server/" + session.server() + " within --timeout " + HumanDuration.format(timeout)
                                + " and " + HumanDuration.format(TIMEOUT_GRACE.toSeconds())
                                + " more: labctl gave up and asked labd to kill the remote process tree",
                        duration(session)));
            }
        }
    }

    private void connectionLost(String reason) throws IOException {
        connectionLost = true;
        for (ExecSession session : sessions) {
            if (session.active()) {
                end(session, new ExecOutcome(session.server(), ExecState.LOST, null, null, null,
                        "lost the connection to labd before server/" + session.server() + " finished (" + reason + ")",
                        duration(session)));
            }
        }
        while (!waiting.isEmpty()) {
            ExecSession session = waiting.poll();
            end(session, new ExecOutcome(session.server(), ExecState.UNREACHABLE, null, null, null,
                    "server/" + session.server() + " was not started: the connection to labd was lost (" + reason + ")",
                    null));
        }
    }

    private void abortActive() {
        for (ExecSession session : sessions) {
            if (session.active()) {
                transport.sendText(json(ExecFrame.abort(session.id())));
                session.phase = ExecSession.Phase.DONE;
                if (session.pump != null) {
                    session.pump.stop();
                }
            }
        }
    }

    private void startWaiting() {
        while (transport != null && active < parallel && !waiting.isEmpty() && !connectionLost && ending == null) {
            ExecSession session = waiting.poll();
            session.phase = ExecSession.Phase.STARTING;
            session.startSentAt = nanoTime.getAsLong();
            long timeout = session.timeoutSeconds();
            if (timeout > 0) {
                long deadline = session.startSentAt + Duration.ofSeconds(timeout).plus(TIMEOUT_GRACE).toNanos();
                // 0 means no deadline
                session.deadline = deadline == 0 ? 1 : deadline;
            }
            active++;
            transport.sendText(json(session.start()));
        }
    }

    private void end(ExecSession session, ExecOutcome outcome) throws IOException {
        boolean wasActive = session.active();
        session.end(outcome);
        unfinished--;
        if (wasActive) {
            active--;
        }
        if (session.output() != null) {
            session.output().finish();
        }
        reporter.finished(session);
        startWaiting();
    }

    private Long duration(ExecSession session) {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - session.startSentAt);
    }

    private static String json(ExecFrame frame) {
        try {
            return Mappers.frames().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + frame.type() + " frame as JSON", e);
        }
    }

    private sealed interface Event permits Text, Binary, Broken, Input, InputEnd, Interrupt, Resize {
    }

    private record Text(String json) implements Event {
    }

    private record Binary(ByteBuffer frame) implements Event {
    }

    private record Broken(String reason) implements Event {
    }

    private record Input(ExecSession session, byte[] bytes) implements Event {
    }

    private record InputEnd(ExecSession session, IOException failure) implements Event {
    }

    private record Interrupt() implements Event {
    }

    private record Resize(int columns, int rows) implements Event {
    }
}
