package org.labctl.cli.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.labctl.api.ExecTarget;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;

/**
 * {@code labctl exec -l KEY=VALUE -- COMMAND}: the command on every server labd selected, over one
 * connection, at most {@code --parallel} at a time, without input. Servers whose agent is not
 * connected are reported unreachable without trying; servers the caller may not exec on are still
 * tried, so that labd records the refusal in its audit log. Exits 0 when the command succeeded
 * everywhere, else 1.
 */
public final class FanOutExec {

    /** {@code --parallel} without the option. */
    public static final int DEFAULT_PARALLEL = 32;
    /** The most {@code --parallel} allows: each session may hold a window of output in labd. */
    public static final int MAX_PARALLEL = 256;

    private final ExecIo io;
    private final ExecLoop.Connector connector;
    private final LongSupplier nanoTime;

    public FanOutExec(ExecIo io, ExecLoop.Connector connector, LongSupplier nanoTime) {
        this.io = io;
        this.connector = connector;
        this.nanoTime = nanoTime;
    }

    /**
     * Runs the command on {@code targets} and returns labctl's exit code.
     *
     * @param targets  what labd answered to {@code GET /api/v1/exec/targets}, not empty
     * @param json     {@code -o json}: one JSON record per server instead of prefixed lines and a summary
     */
    public int run(List<ExecTarget> targets, ExecRequest request, int parallel, boolean json) throws InterruptedException {
        return run(targets, request, parallel, json, json ? (server, width) -> new CapturedOutput()
                : (server, width) -> new PrefixedOutput(server, width, io.stdout(), io.stderr()));
    }

    /** Where one server's output goes in a fan-out. */
    public interface Outputs {
        /** @param width the length of the longest server name of the fan-out */
        SessionOutput of(String server, int width);
    }

    /**
     * Runs the request on {@code targets} with each server's output going where {@code outputs}
     * says, and returns labctl's exit code.
     *
     * @param json {@code -o json} of exec: one JSON record per server as it ends, on stdout;
     *             otherwise a summary for people on stderr
     */
    public int run(List<ExecTarget> targets, ExecRequest request, int parallel, boolean json, Outputs outputs)
            throws InterruptedException {
        int width = targets.stream().mapToInt(target -> target.name().length()).max().orElse(0);
        List<ExecSession> sessions = new ArrayList<>();
        for (ExecTarget target : targets) {
            if (target.allowed() && !target.connected()) {
                sessions.add(ExecSession.unreachable(target.name(), "server/" + target.name()
                        + " is not connected: its agent is offline"));
                continue;
            }
            SessionOutput output = outputs.of(target.name(), width);
            sessions.add(ExecSession.of(target.name(), request.start(false, 0, 0), request.timeoutSeconds(), output, null));
        }
        FanOutReport report = new FanOutReport(json, io.stdout(), io.stderr());
        ExecLoop loop = new ExecLoop(sessions, parallel, report, nanoTime);
        ExecLoop.Ending ending;
        ExecIo.Registration interrupts = io.onInterrupt(loop::interrupt);
        try {
            ending = loop.run(connector);
        } finally {
            interrupts.close();
            if (loop.transport() != null) {
                loop.transport().close();
            }
        }
        if (ending == ExecLoop.Ending.OUTPUT_CLOSED) {
            return ExitCode.BROKEN_PIPE;
        }
        if (ending == ExecLoop.Ending.INTERRUPTED) {
            long running = sessions.stream()
                    .filter(session -> session.outcome() == null && session.phase != ExecSession.Phase.WAITING).count();
            message("interrupted: asked labd to kill the command on " + running + (running == 1 ? " server" : " servers"));
            return ExitCode.INTERRUPTED;
        }
        if (loop.connectionLost()) {
            long lost = sessions.stream().filter(session -> session.outcome().state() == ExecState.LOST).count();
            message("lost the connection to labd before " + lost + (lost == 1 ? " server" : " servers") + " finished");
        }
        if (!json) {
            message(FanOutReport.summary(sessions), "");
        }
        boolean allSucceeded = sessions.stream().allMatch(session -> session.outcome().state() == ExecState.SUCCEEDED);
        return allSucceeded ? ExitCode.OK : ExitCode.ERROR;
    }

    private void message(String text) {
        message(text, "labctl: ");
    }

    private void message(String text, String prefix) {
        try {
            io.stderr().write((prefix + text + "\n").getBytes(StandardCharsets.UTF_8));
            io.stderr().flush();
        } catch (IOException stderrClosed) {
            // nowhere left to say it
        }
    }
}
