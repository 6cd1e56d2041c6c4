package org.labctl.agent.logs.internal;

import static org.labctl.api.ExecProtocol.INITIAL_WINDOW;
import static org.labctl.api.ExecProtocol.MAX_PAYLOAD;
import static org.labctl.api.ExecProtocol.STDOUT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol.Signal;
import org.labctl.api.ExecProtocol;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.CreditWindow;
import org.labctl.api.session.Outbound;

/**
 * A log file streamed as an exec session ({@code labctl logs server/NAME --file PATH}, and
 * {@code logs agent/NAME}): its last lines, or all of it, on stdout, then with {@code follow} what
 * is appended, across rotation ({@link FileFollower}). It reads only as far as the client's stdout
 * window allows, so a slow client makes it read slower and nothing piles up in memory; the file
 * itself is the buffer, so nothing is dropped.
 *
 * <p>It ends with {@code exit 0} at the end of the file without {@code follow}; with a signal frame
 * (INT, TERM, HUP, QUIT, KILL) or {@code abort} it stops at once and ends with 128 + the signal's
 * number, as {@code tail -f} interrupted would. Its one reader thread sends {@code exit}, once, last.
 */
final class FileStreamer implements AgentSession {

    /** How long a follower waits before it looks at the file again when there was nothing new. */
    static final Duration IDLE_POLL = Duration.ofMillis(5);

    private final UUID session;
    private final Path path;
    private final String shownAs;
    private final Integer lines;
    private final boolean follow;
    private final Outbound out;
    private final CreditWindow window = new CreditWindow(INITIAL_WINDOW);
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Signal stoppedBy;
    private volatile boolean running;
    private FileFollower follower;

    /**
     * @param path    the file, already confined and resolved ({@link LogFiles#resolve})
     * @param shownAs the path as the user wrote it, for messages
     * @param lines   start at the last N lines, or null for the whole file
     */
    FileStreamer(UUID session, Path path, String shownAs, Integer lines, boolean follow, Outbound out) {
        this.session = session;
        this.path = path;
        this.shownAs = shownAs;
        this.lines = lines;
        this.follow = follow;
        this.out = out;
    }

    @Override
    public String toString() {
        return shownAs + (lines == null ? "" : " -n " + lines) + (follow ? " -f" : "");
    }

    @Override
    public synchronized void start() {
        try {
            follower = FileFollower.open(path, lines == null ? -1 : lines);
        } catch (NoSuchFileException e) {
            out.control(ExecFrame.error(session, "no file " + shownAs + " on this server"));
            return;
        } catch (IOException e) {
            out.control(ExecFrame.error(session, "cannot read " + shownAs + ": " + e.getMessage()));
            return;
        }
        running = true;
        out.control(ExecFrame.started(session, ProcessHandle.current().pid()));
        Thread reader = new Thread(this::read, "logs-" + session.toString().substring(0, 8));
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void accept(ExecFrame frame) {
        switch (frame.type() == null ? "" : frame.type()) {
            case ExecProtocol.WINDOW -> {
                if (frame.channel() != null && frame.channel() == STDOUT && frame.bytes() != null && frame.bytes() > 0) {
                    window.grant(frame.bytes());
                }
            }
            case ExecProtocol.SIGNAL -> {
                Signal signal = parse(frame.name());
                if (signal != null && signal != Signal.CONT && signal != Signal.TSTP) {
                    stop(signal);
                }
            }
            case ExecProtocol.ABORT -> abort();
            default -> {
                // eof, resize: nothing to do for a file
            }
        }
    }

    @Override
    public void accept(ExecData data) {
        // a log has no input
    }

    @Override
    public void abort() {
        stop(Signal.TERM);
    }

    private void stop(Signal signal) {
        if (stoppedBy == null) {
            stoppedBy = signal;
        }
        window.close();
        stop.countDown();
    }

    private void read() {
        int code = 0;
        String problem = null;
        try (FileFollower file = follower) {
            while (stop.getCount() > 0) {
                if (!follow && file.atEnd()) {
                    break; // read to its end: done, even while the client holds no credit to give
                }
                int allowed = window.take(MAX_PAYLOAD);
                if (allowed < 0) {
                    break;
                }
                ByteBuffer chunk = ByteBuffer.allocate(allowed); // handed over with the frame: no copy
                int read = file.poll(chunk);
                window.giveBack(allowed - read);
                if (read > 0) {
                    if (!send(() -> out.data(STDOUT, chunk.flip()))) {
                        stop(Signal.TERM); // the connection to labd broke
                    }
                } else if (!follow) {
                    break;
                } else {
                    stop.await(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException e) {
            code = 1;
            problem = "reading " + shownAs + " failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedBy = Signal.TERM;
        }
        Signal signal = stoppedBy;
        if (signal != null) {
            code = 128 + signal.number();
        }
        if (problem != null) {
            String message = problem;
            send(() -> out.control(ExecFrame.error(session, message)));
        }
        int exitCode = code;
        running = false;
        send(() -> out.control(ExecFrame.exit(session, exitCode, signal == null ? null : signal.name(), false)));
    }

    /** False when the frame could not go out: the connection to labd is gone. */
    private static boolean send(Runnable frame) {
        try {
            frame.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Signal parse(String name) {
        try {
            return Signal.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
