package org.labctl.cli.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;
import org.labctl.api.Failure;
import org.labctl.cli.ExecIo;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;

/**
 * {@code labctl exec server/NAME -- COMMAND}: one session, its output straight through, its input
 * forwarded when asked for or piped, with a pseudo-terminal for {@code -t}; labctl ends as the
 * command did (DESIGN.md §3: the remote exit code, 124 on timeout, 255 when the connection is lost).
 */
public final class SingleExec {

    static final String NO_TTY_WARNING = "Pseudo-terminal will not be allocated because stdin is not a terminal.";

    private final ExecIo io;
    private final ExecLoop.Connector connector;
    private final LongSupplier nanoTime;

    /**
     * @param connector opens the connection to labd ({@link org.labctl.cli.LabdClient#openExec})
     * @param nanoTime  the clock of the timeout, {@link System#nanoTime} but in tests
     */
    public SingleExec(ExecIo io, ExecLoop.Connector connector, LongSupplier nanoTime) {
        this.io = io;
        this.connector = connector;
        this.nanoTime = nanoTime;
    }

    /**
     * Runs the command on the server and returns labctl's exit code.
     *
     * @param interactive {@code -i}: forward standard input even from a terminal
     * @param tty         {@code -t}: a pseudo-terminal, which needs standard input to be a terminal
     * @throws LabctlException when labd refuses or cannot start the command
     */
    public int run(String server, ExecRequest request, boolean interactive, boolean tty) throws InterruptedException {
        return run(server, request, interactive, tty, new RawOutput(io.stdout(), io.stderr()));
    }

    /** {@link #run(String, ExecRequest, boolean, boolean)} with the output going to {@code output}. */
    public int run(String server, ExecRequest request, boolean interactive, boolean tty, SessionOutput output)
            throws InterruptedException {
        boolean stdinIsTerminal = io.stdinIsTerminal();
        boolean forwardStdin = request.takesInput() && (interactive || !stdinIsTerminal);
        if (tty && !stdinIsTerminal) {
            message(NO_TTY_WARNING);
            tty = false;
        }
        ExecIo.LocalTerminal terminal = tty ? openTerminal(forwardStdin) : null;
        ExecSession session;
        ExecLoop.Ending ending;
        try {
            session = ExecSession.of(server, request.start(tty, tty ? terminal.columns() : 0, tty ? terminal.rows() : 0),
                    request.timeoutSeconds(), output, forwardStdin ? io.stdin() : null);
            ExecLoop loop = new ExecLoop(List.of(session), 1, new Warnings(), nanoTime);
            if (terminal != null) {
                terminal.onResize(() -> loop.resize(terminal.columns(), terminal.rows()));
            }
            // in raw mode Ctrl-C is a key for the remote terminal, and no signal reaches labctl
            boolean raw = tty && forwardStdin;
            ExecIo.Registration interrupts = raw ? () -> { } : io.onInterrupt(loop::interrupt);
            try {
                ending = loop.run(connector);
            } finally {
                interrupts.close();
                if (loop.transport() != null) {
                    loop.transport().close();
                }
            }
        } finally {
            if (terminal != null) {
                terminal.close();
            }
        }
        return exitCode(session, ending);
    }

    private ExecIo.LocalTerminal openTerminal(boolean raw) {
        try {
            return io.openTerminal(raw);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "-t: " + e.getMessage() + ": run without -t");
        }
    }

    private int exitCode(ExecSession session, ExecLoop.Ending ending) {
        if (ending == ExecLoop.Ending.INTERRUPTED) {
            message("interrupted: asked labd to kill the command on server/" + session.server());
            return ExitCode.INTERRUPTED;
        }
        if (ending == ExecLoop.Ending.OUTPUT_CLOSED) {
            return ExitCode.BROKEN_PIPE;
        }
        ExecOutcome outcome = session.outcome();
        Integer status = outcome.status();
        return switch (outcome.state()) {
            case SUCCEEDED -> outcome.exitCode();
            case FAILED -> {
                if (outcome.exitCode() != null) {
                    yield outcome.exitCode();
                }
                throw refusal(status, outcome.error() + (status != null && status >= 500 ? " (labd's log has the details)" : ""));
            }
            case TIMED_OUT, LOST -> {
                message(outcome.error());
                yield outcome.state() == ExecState.LOST ? ExitCode.CONNECTION_LOST : ExitCode.TIMEOUT;
            }
            case DENIED, UNREACHABLE -> throw refusal(status, outcome.error());
        };
    }

    /** labd's or the agent's refusal, with the exit code of its failure (the one table, {@link ExitCode#of}); 1 without one. */
    private static LabctlException refusal(Integer status, String message) {
        return new LabctlException(status == null ? ExitCode.ERROR : ExitCode.of(Failure.of(status)), message);
    }

    /** {@code labctl: <text>} on stderr, as ssh reports its own problems among the command's output. */
    private void message(String text) {
        try {
            io.stderr().write(("labctl: " + text + "\n").getBytes(StandardCharsets.UTF_8));
            io.stderr().flush();
        } catch (IOException stderrClosed) {
            // nowhere left to say it
        }
    }

    /** labd's and the agent's warnings, which do not end the session. */
    private final class Warnings implements ExecLoop.Reporter {
        @Override
        public void finished(ExecSession session) {
            // the exit code tells
        }

        @Override
        public void warning(ExecSession session, String warning) {
            message(session.aboutThisServer(warning));
        }
    }
}
