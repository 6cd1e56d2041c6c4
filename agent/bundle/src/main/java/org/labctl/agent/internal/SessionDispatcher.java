package org.labctl.agent.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.MessageSender;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;

/**
 * The stream sessions running over one connection to labd: a start frame goes to the
 * {@link SessionHandler} of its kind (found among the runtime's services: exec in the agent's
 * core, logs in the agent's log bundle, bastion calls in the bastion's), the other frames go to
 * the session of their id, and every session's frames go back over the same socket. It knows no
 * kind. When the connection ends, every session is aborted (a process tree killed).
 */
final class SessionDispatcher {

    /** The session handlers of this runtime, by kind. */
    interface Handlers {
        /** The handler of {@code kind}, or null when no bundle of this runtime serves it. */
        SessionHandler find(String kind);
    }

    /**
     * Every process starts from this one thread, which lives as long as the agent: the parent-death
     * signal of {@link ExecRunner}'s commands fires when the thread that started them ends.
     */
    private static final java.util.concurrent.ExecutorService LAUNCHER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exec-launcher");
        t.setDaemon(true);
        return t;
    });

    private final MessageSender sender;
    private final AgentConnection.Log log;
    private final Handlers handlers;
    private final Map<UUID, AgentSession> runners = new ConcurrentHashMap<>();

    SessionDispatcher(MessageSender sender, AgentConnection.Log log, Handlers handlers) {
        this.sender = sender;
        this.log = log;
        this.handlers = handlers;
    }

    /** A control frame from labd (not a heartbeat ack). */
    void control(String text) {
        ExecFrame frame;
        try {
            frame = ExecJson.read(text);
        } catch (IllegalArgumentException e) {
            log.info("ignored a frame from labd: " + e.getMessage());
            return;
        }
        if (frame.session() == null) {
            return;
        }
        if (ExecProtocol.START.equals(frame.type())) {
            start(frame);
            return;
        }
        AgentSession runner = runners.get(frame.session());
        if (runner != null) {
            runner.accept(frame);
        }
    }

    /** A data frame from labd (stdin). */
    void data(ByteBuffer frame) {
        ExecData data;
        try {
            data = ExecProtocol.decode(frame);
        } catch (IllegalArgumentException e) {
            log.info("ignored a data frame from labd: " + e.getMessage());
            return;
        }
        AgentSession runner = runners.get(data.session());
        if (runner != null) {
            runner.accept(data);
        }
    }

    /** The connection ended: every process tree is killed. */
    void abortAll() {
        List<AgentSession> running = List.copyOf(runners.values());
        running.forEach(AgentSession::abort);
        if (!running.isEmpty()) {
            log.info("connection to labd lost: aborted " + running.size() + " session(s)");
        }
    }

    int running() {
        return runners.size();
    }

    private void start(ExecFrame frame) {
        UUID id = frame.session();
        Outbound outbound = new Outbound() {
            @Override
            public void data(int channel, ByteBuffer payload) {
                sender.binary(ExecProtocol.encode(channel, id, payload));
                if (sender.failed() != null) {
                    throw new IllegalStateException("the connection to labd is broken");
                }
            }

            @Override
            public void control(ExecFrame out) {
                sender.text(ExecJson.write(out));
                if (ExecProtocol.EXIT.equals(out.type())) {
                    runners.remove(id);
                }
                if (sender.failed() != null) {
                    throw new IllegalStateException("the connection to labd is broken");
                }
            }
        };
        String kind = frame.kind();
        SessionHandler handler = kind == null ? null : handlers.find(kind);
        if (handler == null) {
            sender.text(ExecJson.write(ExecFrame.error(id, Failure.NOT_FOUND, kind == null ? "the start frame names no session kind"
                    : "this server runs no " + kind + " (its lab-agent has no handler for '" + kind + "' sessions)")));
            return;
        }
        AgentSession runner;
        try {
            runner = handler.open(id, frame.payload() == null ? Map.of() : frame.payload(), outbound);
        } catch (LabException e) {
            sender.text(ExecJson.write(ExecFrame.error(id, e.failure(), e.getMessage())));
            return;
        } catch (IllegalArgumentException e) {
            sender.text(ExecJson.write(ExecFrame.error(id, e.getMessage())));
            return;
        }
        if (runners.putIfAbsent(id, runner) != null) {
            sender.text(ExecJson.write(ExecFrame.error(id, "session " + id + " is running already")));
            return;
        }
        log.info(kind + " " + id.toString().substring(0, 8) + ": " + runner);
        // on the socket's thread, so the stdin and eof frames that follow find the process running
        try {
            LAUNCHER.submit(runner::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            log.info(kind + " " + id + " could not start: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.abort();
        }
        if (!runner.isRunning()) {
            runners.remove(id, runner); // it did not start (its error frame went out), or it ended already
        }
    }
}
