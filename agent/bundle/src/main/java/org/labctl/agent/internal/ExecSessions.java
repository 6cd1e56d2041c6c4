package org.labctl.agent.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.WebSocketSender;

/**
 * The exec sessions running over one connection to labd: start frames become {@link ExecRunner}s,
 * the other frames go to the runner of their session, and every runner's frames go back over the
 * same socket. When the connection ends, every runner is aborted (its process tree killed).
 */
final class ExecSessions {

    /**
     * Every process starts from this one thread, which lives as long as the agent: the parent-death
     * signal of {@link ExecRunner}'s commands fires when the thread that started them ends.
     */
    private static final java.util.concurrent.ExecutorService LAUNCHER = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exec-launcher");
        t.setDaemon(true);
        return t;
    });

    private final WebSocketSender sender;
    private final AgentConnection.Log log;
    private final Map<UUID, ExecRunner> runners = new ConcurrentHashMap<>();

    ExecSessions(WebSocketSender sender, AgentConnection.Log log) {
        this.sender = sender;
        this.log = log;
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
        ExecRunner runner = runners.get(frame.session());
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
        ExecRunner runner = runners.get(data.session());
        if (runner != null) {
            runner.accept(data);
        }
    }

    /** The connection ended: every process tree is killed. */
    void abortAll() {
        List<ExecRunner> running = List.copyOf(runners.values());
        running.forEach(ExecRunner::abort);
        if (!running.isEmpty()) {
            log.info("connection to labd lost: aborted " + running.size() + " exec session(s)");
        }
    }

    int running() {
        return runners.size();
    }

    private void start(ExecFrame frame) {
        UUID id = frame.session();
        ExecRunner runner = new ExecRunner(frame, new ExecRunner.Outbound() {
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
        });
        if (runners.putIfAbsent(id, runner) != null) {
            sender.text(ExecJson.write(ExecFrame.error(id, "exec session " + id + " is running already")));
            return;
        }
        log.info("exec " + id.toString().substring(0, 8) + ": " + String.join(" ", frame.argv() == null ? List.of() : frame.argv()));
        // on the socket's thread, so the stdin and eof frames that follow find the process running
        try {
            LAUNCHER.submit(runner::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            log.info("exec " + id + " could not start: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runner.abort();
        }
        if (!runner.isRunning()) {
            runners.remove(id, runner); // it did not start (its error frame went out), or it ended already
        }
    }
}
