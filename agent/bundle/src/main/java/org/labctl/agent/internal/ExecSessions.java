package org.labctl.agent.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.LogRequest;
import org.labctl.api.MessageSender;

/**
 * The exec sessions running over one connection to labd: start frames become {@link ExecRunner}s
 * (commands, and journalctl for {@code logs}) or {@link FileStreamer}s (log files), the other
 * frames go to the runner of their session, and every runner's frames go back over the
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

    private final MessageSender sender;
    private final AgentConnection.Log log;
    private final LogSettings logs;
    private final LogFiles logFiles;
    private final BastionCallSession.Bastions bastions;
    private final Map<UUID, AgentSession> runners = new ConcurrentHashMap<>();

    ExecSessions(MessageSender sender, AgentConnection.Log log, LogSettings logs) {
        this(sender, log, logs, call -> {
            throw new BastionCallSession.Refused("this server runs no bastion", 404);
        });
    }

    ExecSessions(MessageSender sender, AgentConnection.Log log, LogSettings logs, BastionCallSession.Bastions bastions) {
        this.sender = sender;
        this.log = log;
        this.logs = logs;
        this.logFiles = new LogFiles(logs.dirs());
        this.bastions = bastions;
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
            log.info("connection to labd lost: aborted " + running.size() + " exec session(s)");
        }
    }

    int running() {
        return runners.size();
    }

    private void start(ExecFrame frame) {
        UUID id = frame.session();
        ExecRunner.Outbound outbound = new ExecRunner.Outbound() {
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
        AgentSession runner;
        if (frame.forBastion()) {
            runner = new BastionCallSession(frame, bastions, outbound);
        } else if (frame.forLogs()) {
            try {
                runner = logSession(frame, outbound);
            } catch (IllegalArgumentException e) {
                sender.text(ExecJson.write(ExecFrame.error(id, e.getMessage())));
                return;
            }
        } else {
            runner = new ExecRunner(frame, outbound);
        }
        if (runners.putIfAbsent(id, runner) != null) {
            sender.text(ExecJson.write(ExecFrame.error(id, "exec session " + id + " is running already")));
            return;
        }
        log.info((frame.forBastion() ? "bastion " : frame.forLogs() ? "logs " : "exec ") + id.toString().substring(0, 8) + ": "
                + (frame.forBastion() ? frame.bastion().describe() + " for " + frame.bastion().by() : frame.forLogs()
                ? frame.logs().source() + " " + frame.logs().describe() : String.join(" ", frame.argv() == null ? List.of() : frame.argv())));
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

    /**
     * The session of a {@code logs} start frame: journalctl for the journal, a {@link FileStreamer}
     * for a file under the allowed directories or the agent's own log.
     *
     * @throws IllegalArgumentException with a message for the user when the request cannot be served
     */
    private AgentSession logSession(ExecFrame frame, ExecRunner.Outbound outbound) {
        LogRequest request = frame.logs().check();
        UUID id = frame.session();
        return switch (request.source()) {
            case LogRequest.JOURNAL -> new ExecRunner(ExecFrame.start(id, JournalArguments.command(request,
                    logs.journalDir() == null ? null : logs.journalDir().toString()), Map.of(), 0), outbound);
            case LogRequest.FILE -> new FileStreamer(id, logFiles.resolve(request.file()), request.file(), request.lines(),
                    request.follow(), outbound);
            default -> new FileStreamer(id, logs.agentLog(), "the agent's log", request.lines(), request.follow(), outbound);
        };
    }
}
