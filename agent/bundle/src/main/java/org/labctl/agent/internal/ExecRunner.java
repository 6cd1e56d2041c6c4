package org.labctl.agent.internal;

import static org.labctl.api.ExecProtocol.INITIAL_WINDOW;
import static org.labctl.api.ExecProtocol.MAX_PAYLOAD;
import static org.labctl.api.ExecProtocol.STDERR;
import static org.labctl.api.ExecProtocol.STDIN;
import static org.labctl.api.ExecProtocol.STDOUT;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecStart;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.CreditWindow;
import org.labctl.api.session.Outbound;
import org.labctl.api.ExecProtocol;
import org.labctl.api.ExecProtocol.Signal;

/**
 * Runs the command of one exec session on this machine and streams it as {@link ExecProtocol}
 * frames. The command runs without a shell, as the agent's user, in the agent user's home
 * directory, with the agent's environment plus the session's {@code env}.
 *
 * <p>Threads: one pump each for stdout and stderr (a pump takes window credit before it reads,
 * so a receiver that stops granting stops the pump and the process then blocks on its full pipe),
 * one writer for stdin (so a process that does not read never blocks the caller), and one waiter
 * that enforces the timeout and sends {@code exit} once the process has ended and both pumps have
 * delivered everything. The inbound methods ({@link #accept(ExecFrame)}, {@link #stdin},
 * {@link #eof}, {@link #signal}, {@link #window}) never wait on the process.
 *
 * <p>Frames go to an {@link Outbound}, which must accept calls from several threads. After
 * {@link #start()} sent {@code started}, {@code exit} is sent exactly once and nothing follows it.
 *
 * <p>When setpriv(1) is there, the command runs under {@code setpriv --pdeathsig KILL}: if the
 * agent dies (even by kill -9), the kernel kills the command. The parent-death signal follows the
 * thread that started the process, so {@link SessionDispatcher} starts every process from one thread
 * that lives as long as the agent. Its own children are not covered; under systemd the unit's
 * control group is (KillMode=control-group kills what is left when the agent stops).
 *
 * <p>Known limit: the tree is found through {@link ProcessHandle#descendants()}, so a grandchild
 * that outlived its parent before a kill (a daemonised process, re-parented to init) is not
 * killed; while it holds stdout or stderr open, {@code exit} waits for it, as ssh does.
 */
final class ExecRunner implements AgentSession, AutoCloseable {

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    static final String TTY_UNSUPPORTED = "interactive TTY needs script(1) from util-linux on the server: install it, "
            + "or run the command without -t";
    /** util-linux's script(1), which gives the command a pseudo-terminal; null when the server has none. */
    private static final String SCRIPT = executable("/usr/bin/script", "/bin/script");
    private static final String RUNUSER = executable("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser");
    /** util-linux's setpriv(1): the command gets KILL when the agent dies (kill -9 included). */
    private static final String SETPRIV = executable("/usr/bin/setpriv", "/bin/setpriv");
    /**
     * GNU env's {@code --default-signal}: signals the agent was started with ignored (SIGINT for a
     * background job of a shell) are reset, so that a signal frame reaches the command.
     */
    private static final boolean DEFAULT_SIGNALS = succeeds("/usr/bin/env", "--default-signal", "true");
    private static final boolean IS_ROOT = "root".equals(System.getProperty("user.name"));
    /** The stdin writer grants credit back once this much is consumed, or when no more data is queued. */
    private static final int GRANT_BATCH = INITIAL_WINDOW / 4;
    private static final byte[] EOF_MARK = new byte[0];
    private static final byte[] STOP_MARK = new byte[0];

    private final ExecStart start;
    private final UUID session;
    private final Outbound out;
    private final Duration grace;
    private final CreditWindow stdoutWindow = new CreditWindow(INITIAL_WINDOW);
    private final CreditWindow stderrWindow = new CreditWindow(INITIAL_WINDOW);
    /** Bounded by the stdin window: a client that sends more is cut off. */
    private final BlockingQueue<byte[]> stdinQueue = new LinkedBlockingQueue<>();
    private final AtomicLong stdinUnacknowledged = new AtomicLong();
    private final Set<Signal> delivered = Collections.synchronizedSet(EnumSet.noneOf(Signal.class));
    private final CompletableFuture<Void> killRequested = new CompletableFuture<>();
    private final AtomicBoolean eofReceived = new AtomicBoolean();
    /** Data and credit frames take the read lock, {@code exit} the write lock: nothing follows {@code exit}. */
    private final ReadWriteLock endLock = new ReentrantReadWriteLock();
    private final CountDownLatch ended = new CountDownLatch(1);
    private boolean exitSent;
    private volatile boolean running;
    private volatile boolean started;
    private volatile boolean aborted;
    private volatile boolean timedOut;
    private volatile Process process;
    private Thread stdoutPump;
    private Thread stderrPump;

    ExecRunner(UUID session, ExecStart start, Outbound out) {
        this(session, start, out, DEFAULT_GRACE);
    }

    /**
     * @param session the session id
     * @param start   the command, from the session's {@code start} frame
     * @param grace   how long the process tree has between TERM and KILL on timeout or abort
     */
    ExecRunner(UUID session, ExecStart start, Outbound out, Duration grace) {
        this.start = start;
        this.session = session;
        this.out = out;
        this.grace = grace;
    }

    UUID session() {
        return session;
    }

    @Override
    public String toString() {
        return start.argv() == null ? "(no command)" : String.join(" ", start.argv());
    }

    /** Whether the process runs (started, and exit not yet sent). */
    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts the command and sends {@code started}, or sends {@code error} when the start frame
     * asks for something this agent cannot do or the program cannot be run. Never throws for a bad
     * request.
     */
    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("exec session " + session + " was started already");
        }
        started = true;
        if (aborted) {
            ended.countDown();
            return;
        }
        String problem = session == null ? "the start frame has no session id" : problem(start);
        if (problem != null) {
            fail(problem);
            return;
        }
        String runAs = otherUser(start);
        if (runAs != null && !localUserExists(runAs)) {
            fail("there is no local user \"" + runAs + "\" on this server");
            return;
        }
        String program = start.argv().get(0);
        if (!runnable(program, start.env())) {
            // checked here: under setpriv or script the failure would only be their exit code 127
            fail(cannotRun(program, new IOException("error=2, No such file or directory")));
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command(start, runAs));
        Path home = Path.of(System.getProperty("user.home", "."));
        if (Files.isDirectory(home)) {
            builder.directory(home.toFile());
        }
        if (start.env() != null) {
            builder.environment().putAll(start.env());
        }
        if (start.ttyRequested()) {
            builder.environment().putIfAbsent("TERM", "xterm-256color");
            builder.environment().put("SHELL", "/bin/sh"); // what script(1) runs the command line with
        }
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            fail(cannotRun(start.argv().get(0), e));
            return;
        }
        running = true;
        send(() -> out.control(ExecFrame.started(session, process.pid())));
        String name = "exec-" + session.toString().substring(0, 8);
        stdoutPump = thread(name + "-stdout", () -> pump(STDOUT, process.getInputStream(), stdoutWindow));
        stderrPump = thread(name + "-stderr", () -> pump(STDERR, process.getErrorStream(), stderrWindow));
        thread(name + "-stdin", this::writeStdin);
        thread(name + "-wait", this::awaitProcess);
    }

    /** Dispatches an inbound control frame of this session (eof, signal, window, resize). */
    @Override
    public void accept(ExecFrame frame) {
        switch (frame.type() == null ? "" : frame.type()) {
            case ExecProtocol.EOF -> eof();
            case ExecProtocol.ABORT -> abort();
            case ExecProtocol.SIGNAL -> signal(frame.name());
            case ExecProtocol.WINDOW -> window(frame.channel() == null ? -1 : frame.channel(),
                    frame.bytes() == null ? 0 : frame.bytes());
            case ExecProtocol.RESIZE -> resize(frame.cols(), frame.rows());
            default -> report("unexpected exec frame type " + frame.type() + " for a running session");
        }
    }

    /** Dispatches an inbound data frame of this session: only stdin goes this way. */
    @Override
    public void accept(ExecData data) {
        if (data.channel() != STDIN) {
            report("the agent only receives stdin data, not " + ExecProtocol.channelName(data.channel()));
            return;
        }
        stdin(data.payload());
    }

    /** Bytes for the process's stdin; copied, written by the stdin writer, credited back once written. */
    void stdin(ByteBuffer payload) {
        int length = payload.remaining();
        if (!running || eofReceived.get() || length == 0) {
            return;
        }
        if (stdinUnacknowledged.addAndGet(length) > INITIAL_WINDOW) {
            report("stdin sent more than its window of " + INITIAL_WINDOW + " unacknowledged bytes: the session is aborted");
            abort();
            return;
        }
        byte[] copy = new byte[length];
        payload.duplicate().get(copy);
        stdinQueue.add(copy);
    }

    /** The client closed stdin: the process's stdin is closed after what was received is written. */
    void eof() {
        if (running && eofReceived.compareAndSet(false, true)) {
            stdinQueue.add(EOF_MARK);
        }
    }

    /** Delivers a signal to the process (not its children); an unknown name is reported as an error frame. */
    void signal(String name) {
        Signal signal;
        try {
            signal = Signal.parse(name);
        } catch (IllegalArgumentException e) {
            report(e.getMessage());
            return;
        }
        Process current = process;
        if (!running || current == null || !current.isAlive()) {
            return;
        }
        delivered.add(signal);
        String failure = deliver(current.toHandle(), signal);
        if (failure != null) {
            report("cannot deliver SIG" + signal + " to process " + current.pid() + ": " + failure);
        }
    }

    /** The client consumed {@code bytes} more of stdout or stderr. */
    void window(int channel, long bytes) {
        if (bytes <= 0) {
            report("window credit must be positive, got " + bytes + " for channel " + channel);
            return;
        }
        switch (channel) {
            case STDOUT -> stdoutWindow.grant(bytes);
            case STDERR -> stderrWindow.grant(bytes);
            default -> report("window credit from the client is for stdout (1) or stderr (2), not channel " + channel);
        }
    }

    /**
     * Kills the process tree (TERM, KILL after the grace period) and stops streaming: the client is
     * gone or broke the protocol. {@code exit} is still sent once the process has ended. Returns at
     * once; {@link #awaitEnd} waits.
     */
    @Override
    public void abort() {
        aborted = true;
        stdoutWindow.close();
        stderrWindow.close();
        stdinQueue.add(STOP_MARK);
        killRequested.complete(null);
        synchronized (this) {
            if (started && !running) {
                ended.countDown();
            }
        }
    }

    @Override
    public void close() {
        abort();
    }

    /** Waits until the session is over: {@code exit} or a start {@code error} was sent, or it was aborted before it ran. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The process, once started (for tests and diagnostics). */
    Process process() {
        return process;
    }

    private void pump(int channel, InputStream stream, CreditWindow window) {
        try (InputStream in = stream) {
            while (true) {
                int allowed = window.take(MAX_PAYLOAD);
                if (allowed < 0) {
                    return;
                }
                byte[] chunk = new byte[allowed]; // handed over with the frame: no copy
                int read = in.read(chunk, 0, allowed);
                if (read < 0) {
                    return;
                }
                // fill the frame with what the pipe already holds: fewer, larger frames cost every hop less
                int more;
                while (read < allowed && (more = Math.min(in.available(), allowed - read)) > 0) {
                    int got = in.read(chunk, read, more);
                    if (got <= 0) {
                        break;
                    }
                    read += got;
                }
                window.giveBack(allowed - read);
                ByteBuffer payload = ByteBuffer.wrap(chunk, 0, read);
                if (!sendUnlessEnded(() -> out.data(channel, payload))) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the stream was closed under us: the session is being torn down
        }
    }

    private void writeStdin() {
        long consumed = 0;
        boolean broken = false;
        try (OutputStream stdin = process.getOutputStream()) {
            while (true) {
                byte[] chunk = stdinQueue.take();
                if (chunk == EOF_MARK || chunk == STOP_MARK) {
                    return;
                }
                if (!broken) {
                    try {
                        stdin.write(chunk);
                        stdin.flush();
                    } catch (IOException e) {
                        broken = true; // the process closed its stdin: the rest is discarded, as ssh does
                    }
                }
                consumed += chunk.length;
                byte[] next = stdinQueue.peek();
                if (consumed >= GRANT_BATCH || next == null || next == EOF_MARK || next == STOP_MARK) {
                    long grant = consumed;
                    consumed = 0;
                    stdinUnacknowledged.addAndGet(-grant);
                    sendUnlessEnded(() -> out.control(ExecFrame.window(session, STDIN, grant)));
                }
            }
        } catch (IOException e) {
            // closing a pipe the process already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitProcess() {
        Process current = process;
        try {
            CompletableFuture<Object> endOrKill = CompletableFuture.anyOf(current.onExit(), killRequested);
            long timeout = start.timeout();
            try {
                if (timeout > 0) {
                    endOrKill.get(timeout, TimeUnit.SECONDS);
                } else {
                    endOrKill.get();
                }
            } catch (TimeoutException e) {
                timedOut = current.isAlive();
            }
            if (current.isAlive()) {
                killTree(current);
            }
            current.waitFor();
            stdinQueue.add(STOP_MARK);
            if (aborted) {
                stdoutPump.join(grace.toMillis());
                stderrPump.join(grace.toMillis());
            } else {
                stdoutPump.join();
                stderrPump.join();
            }
        } catch (InterruptedException e) {
            aborted = true;
            try {
                killTree(current);
            } catch (InterruptedException again) {
                current.descendants().forEach(ProcessHandle::destroyForcibly);
                current.destroyForcibly();
            }
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // onExit and killRequested never complete exceptionally
        } finally {
            sendExit(current);
        }
    }

    private void killTree(Process current) throws InterruptedException {
        delivered.add(Signal.TERM);
        if (ProcessTree.kill(current.toHandle(), grace)) {
            delivered.add(Signal.KILL);
        }
    }

    private void sendExit(Process current) {
        endLock.writeLock().lock();
        try {
            if (exitSent) {
                return;
            }
            exitSent = true;
            Integer code = current.isAlive() ? null : current.exitValue();
            int exitCode = code == null ? 128 + Signal.KILL.number() : code;
            Signal signal = Signal.ofExitCode(exitCode);
            String signalName = signal != null && delivered.contains(signal) ? signal.name() : null;
            send(() -> out.control(ExecFrame.exit(session, exitCode, signalName, timedOut)));
        } finally {
            endLock.writeLock().unlock();
            running = false;
            ended.countDown();
        }
    }

    /** Sends unless {@code exit} has gone out or the session was aborted; false when it did not send. */
    private boolean sendUnlessEnded(Runnable frame) {
        endLock.readLock().lock();
        try {
            if (exitSent || aborted) {
                return false;
            }
            return send(frame);
        } finally {
            endLock.readLock().unlock();
        }
    }

    /** A failing outbound means the client is gone: the session is aborted. */
    private boolean send(Runnable frame) {
        try {
            frame.run();
            return true;
        } catch (RuntimeException e) {
            if (!aborted && running) {
                abort();
            }
            return false;
        }
    }

    /** An error frame that does not end a running session. */
    private void report(String message) {
        sendUnlessEnded(() -> out.control(ExecFrame.error(session, message)));
    }

    private void fail(String message) {
        send(() -> out.control(ExecFrame.error(session, message)));
        ended.countDown();
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** What is wrong with a start frame, or null. */
    static String problem(ExecStart start) {
        List<String> argv = start.argv();
        if (argv == null || argv.isEmpty() || argv.get(0) == null || argv.get(0).isBlank()) {
            return "no command to run: argv is empty";
        }
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i) == null || argv.get(i).indexOf('\0') >= 0) {
                return "argv[" + i + "] is " + (argv.get(i) == null ? "null" : "not text (it contains a NUL byte)");
            }
        }
        if (start.ttyRequested() && SCRIPT == null) {
            return TTY_UNSUPPORTED;
        }
        if (start.ttyRequested() && (size(start.cols()) < 0 || size(start.rows()) < 0)) {
            return "the terminal size must be between 1 and 10000 columns and rows, got " + start.cols() + "x" + start.rows();
        }
        String runAs = otherUser(start);
        if (runAs != null && !runAs.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")) {
            return "\"" + runAs + "\" is not a local user name";
        }
        if (runAs != null && !IS_ROOT) {
            return "this agent runs as " + System.getProperty("user.name") + " and cannot run commands as " + runAs
                    + ": run lab-agent as root to use --user";
        }
        if (start.env() != null) {
            for (Map.Entry<String, String> variable : start.env().entrySet()) {
                String key = variable.getKey();
                if (key == null || key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                    return "invalid environment variable name \"" + key + "\": it must be non-empty, without = or NUL";
                }
                if (variable.getValue() == null || variable.getValue().indexOf('\0') >= 0) {
                    return "invalid value for environment variable " + key + ": it must be text without NUL";
                }
            }
        }
        if (start.timeout() < 0) {
            return "timeoutSeconds must be 0 (none) or positive, got " + start.timeout();
        }
        return null;
    }

    /** "cannot run X: No such file or directory" rather than Java's "Cannot run program … error=2, …". */
    static String cannotRun(String program, Exception e) {
        String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        if (reason == null) {
            reason = e.getClass().getSimpleName();
        }
        int code = reason.indexOf("error=");
        if (code >= 0) {
            int comma = reason.indexOf(", ", code);
            reason = comma >= 0 ? reason.substring(comma + 2) : reason.substring(code);
        }
        String hint = program.indexOf('/') < 0 ? " (not found on the agent's PATH?)" : "";
        return "cannot run \"" + program + "\": " + reason + hint;
    }

    /** Sends the signal; null on success, else why it failed. */
    private static String deliver(ProcessHandle target, Signal signal) {
        if (signal == Signal.TERM) {
            return target.destroy() || !target.isAlive() ? null : "the process did not accept it";
        }
        if (signal == Signal.KILL) {
            return target.destroyForcibly() || !target.isAlive() ? null : "the process did not accept it";
        }
        // Java sends only TERM and KILL itself; every other signal goes through kill(1).
        try {
            Process kill = new ProcessBuilder(killCommand(), "-s", signal.name(), Long.toString(target.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.getOutputStream().close();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                return "kill did not finish within 5 s";
            }
            return kill.exitValue() == 0 || !target.isAlive() ? null : "kill exited with " + kill.exitValue();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The user to switch to, or null to run as the agent's own user. */
    static String otherUser(ExecStart start) {
        String user = start.user();
        return user == null || user.isBlank() || user.equals(System.getProperty("user.name")) ? null : user.trim();
    }

    /**
     * The process to start: the argv as given; under runuser(1) for another user; under script(1)
     * for a terminal, which sets the size first and then execs the command (the command line is
     * quoted for sh, never interpreted).
     */
    static List<String> command(ExecStart start, String runAs) {
        List<String> argv = new java.util.ArrayList<>();
        List<String> guard = new java.util.ArrayList<>();
        if (SETPRIV != null) {
            guard.addAll(List.of(SETPRIV, "--pdeathsig", "KILL", "--"));
        }
        if (DEFAULT_SIGNALS && start.argv().get(0).indexOf('=') < 0) { // env would take NAME=VALUE as a variable
            guard.addAll(List.of("/usr/bin/env", "--default-signal"));
        }
        if (runAs != null) {
            argv.addAll(List.of(RUNUSER == null ? "runuser" : RUNUSER, "-u", runAs, "--"));
        }
        argv.addAll(start.argv());
        if (!start.ttyRequested()) {
            List<String> guarded = new java.util.ArrayList<>(guard);
            guarded.addAll(argv);
            return guarded;
        }
        int cols = size(start.cols()) > 0 ? size(start.cols()) : 80;
        int rows = size(start.rows()) > 0 ? size(start.rows()) : 24;
        StringBuilder line = new StringBuilder("stty cols ").append(cols).append(" rows ").append(rows).append(" 2>/dev/null; exec");
        for (String arg : argv) {
            line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        List<String> terminal = new java.util.ArrayList<>(guard);
        terminal.addAll(List.of(SCRIPT, "-q", "-e", "-c", line.toString(), "/dev/null"));
        return terminal;
    }

    /** A terminal dimension, 0 (absent) meaning the usual 80x24 default; -1 when out of range. */
    private static int size(Integer value) {
        if (value == null || value == 0) {
            return 0;
        }
        return value < 1 || value > 10_000 ? -1 : value;
    }

    /** Sets the terminal size of a TTY session: the kernel sends SIGWINCH to its foreground process. */
    private void resize(Integer cols, Integer rows) {
        Process current = process;
        if (!start.ttyRequested() || current == null || !current.isAlive() || size(cols) <= 0 || size(rows) <= 0) {
            return;
        }
        java.util.Optional<ProcessHandle> child = current.toHandle().children().findFirst();
        if (child.isEmpty()) {
            return;
        }
        try {
            Path pty = Files.readSymbolicLink(Path.of("/proc", Long.toString(child.get().pid()), "fd", "0"));
            Process stty = new ProcessBuilder("stty", "-F", pty.toString(), "cols", Integer.toString(cols), "rows",
                    Integer.toString(rows)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            stty.getOutputStream().close();
            if (!stty.waitFor(5, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
            }
        } catch (IOException e) {
            report("cannot resize the terminal: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the program exists and may be executed: a path as given, a bare name on the PATH. */
    static boolean runnable(String program, Map<String, String> env) {
        if (program.indexOf('/') >= 0) {
            return new File(program).canExecute();
        }
        String path = env != null && env.get("PATH") != null ? env.get("PATH") : System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (new File(dir.isEmpty() ? "." : dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static boolean localUserExists(String user) {
        return succeeds("id", "-u", "--", user);
    }

    /** Whether the command runs and exits 0 within 5 s. */
    private static boolean succeeds(String... command) {
        try {
            Process id = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            id.getOutputStream().close();
            return id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String executable(String... candidates) {
        for (String candidate : candidates) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    private static String killCommand() {
        for (String candidate : new String[] {"/bin/kill", "/usr/bin/kill"}) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return "kill";
    }
}
