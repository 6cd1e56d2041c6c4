package org.labctl.cli.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecStart;
import org.labctl.api.Failure;
import org.labctl.api.ExecProtocol;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.TestExecIo;

/** {@code labctl exec server/NAME}: one session against a scripted labd, exit codes, flow control, input and terminal. */
class SingleExecTest {

    private static final ExecRequest WC = new ExecRequest(List.of("wc", "-l"), null, Map.of(), 0);

    private final ExecutorService labctl = Executors.newSingleThreadExecutor();
    private final FakeLabd labd = new FakeLabd();
    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopLabctl() {
        labctl.shutdownNow();
    }

    /** A person at a terminal, who types nothing. */
    private TestExecIo atTerminal() {
        return new TestExecIo(InputStream.nullInputStream(), true, out, err);
    }

    private Future<Integer> start(TestExecIo io, ExecRequest request, boolean interactive, boolean tty) {
        SingleExec exec = new SingleExec(io, labd, clock::get);
        return labctl.submit(() -> exec.run("web-1", request, interactive, tty));
    }

    private static int exitCode(Future<Integer> run) throws Exception {
        return run.get(FakeLabd.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static LabctlException failure(Future<Integer> run) {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> run.get(FakeLabd.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof LabctlException, failed::toString);
        return (LabctlException) failed.getCause();
    }

    @Test
    void runsTheCommandAndExitsWithItsCode() throws Exception {
        ExecRequest request = new ExecRequest(List.of("sh", "-c", "echo hi; echo oops >&2; exit 3"), "postgres",
                Map.of("PGDATABASE", "labd"), 30);
        Future<Integer> run = start(atTerminal(), request, false, false);
        ExecFrame start = labd.expect(ExecProtocol.START);
        assertEquals("web-1", start.server());
        assertEquals(ExecStart.KIND, start.kind());
        ExecStart command = FakeLabd.command(start);
        assertEquals(List.of("sh", "-c", "echo hi; echo oops >&2; exit 3"), command.argv());
        assertEquals("postgres", command.user());
        assertEquals(Map.of("PGDATABASE", "labd"), command.env());
        assertEquals(30L, command.timeoutSeconds());
        assertFalse(command.ttyRequested());
        UUID session = start.session();
        labd.started(session);
        // from a terminal without -i the command reads nothing
        labd.expect(ExecProtocol.EOF);
        labd.data(session, ExecProtocol.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8));
        labd.data(session, ExecProtocol.STDERR, "oops\n".getBytes(StandardCharsets.UTF_8));
        labd.exit(session, 3);
        assertEquals(3, exitCode(run));
        assertEquals("hi\n", TestExecIo.text(out));
        assertEquals("oops\n", TestExecIo.text(err));
        // stdout's window was widened once it started; no credit went back for the few bytes written
        assertEquals(ExecLoop.outputWindow(1, 1) - ExecProtocol.INITIAL_WINDOW, labd.granted(session, ExecProtocol.STDOUT));
        assertEquals(0, labd.granted(session, ExecProtocol.STDERR));
        assertTrue(labd.closed());
        labd.assertNothingElseSent();
    }

    @Test
    void startFrameLeavesOutFieldsThatDoNotApply() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        assertEquals("{\"type\":\"start\",\"session\":\"" + session + "\",\"server\":\"web-1\",\"kind\":\"exec\","
                + "\"payload\":{\"argv\":[\"wc\",\"-l\"],\"tty\":false,\"cols\":0,\"rows\":0,\"env\":{},\"timeoutSeconds\":0}}",
                labd.texts().get(0));
        labd.started(session);
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
    }

    @Test
    void outputIsByteExact() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        labd.data(session, ExecProtocol.STDOUT, every);
        labd.data(session, ExecProtocol.STDOUT, new byte[0]);
        labd.data(session, ExecProtocol.STDERR, new byte[] {(byte) 0xff, 0, '\r'});
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
        assertArrayEquals(every, out.toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, '\r'}, err.toByteArray());
    }

    @Test
    void pipedInputIsForwardedThenEnded() throws Exception {
        TestExecIo piped = new TestExecIo(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), false, out, err);
        Future<Integer> run = start(piped, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        Object frame;
        while ((frame = labd.next()) instanceof ExecData
                || frame instanceof ExecFrame control && control.type().equals(ExecProtocol.WINDOW)) {
            if (frame instanceof ExecData data) {
                forwarded.write(data.bytes());
            }
        }
        FakeLabd.assertType(ExecProtocol.EOF, (ExecFrame) frame);
        assertEquals("a\nb\n", forwarded.toString(StandardCharsets.UTF_8));
        labd.data(session, ExecProtocol.STDOUT, "2\n".getBytes(StandardCharsets.UTF_8));
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
        assertEquals("2\n", TestExecIo.text(out));
    }

    @Test
    void dashIForwardsATerminalsInput() throws Exception {
        TestExecIo typing = new TestExecIo(new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8)), true, out, err);
        Future<Integer> run = start(typing, WC, true, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        assertEquals("yes\n", labd.expectData().text());
        labd.expect(ExecProtocol.EOF);
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
    }

    @Test
    void inputNeverGoesBeyondTheWindow() throws Exception {
        int total = 4 * ExecProtocol.INITIAL_WINDOW;
        byte[] input = new byte[total];
        for (int i = 0; i < total; i++) {
            input[i] = (byte) (i * 31);
        }
        TestExecIo piped = new TestExecIo(new ByteArrayInputStream(input), false, out, err);
        Future<Integer> run = start(piped, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        AtomicLong credit = new AtomicLong(ExecProtocol.INITIAL_WINDOW);
        // checked on labctl's thread, as each frame leaves
        labd.observe(frame -> {
            if (frame instanceof ExecData data && credit.addAndGet(-data.payload().remaining()) < 0) {
                throw new AssertionError("labctl sent stdin beyond its window");
            }
        });
        labd.started(session);
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        while (forwarded.size() < total) {
            ExecData data = labd.expectData();
            assertTrue(data.payload().remaining() <= ExecProtocol.MAX_PAYLOAD);
            forwarded.write(data.bytes());
            if (forwarded.size() % ExecProtocol.INITIAL_WINDOW == 0) {
                // the whole window is used: only credit lets more through
                assertEquals(0, credit.get());
                credit.addAndGet(ExecProtocol.INITIAL_WINDOW);
                labd.send(ExecFrame.window(session, ExecProtocol.STDIN, ExecProtocol.INITIAL_WINDOW));
            }
        }
        labd.expect(ExecProtocol.EOF);
        assertArrayEquals(input, forwarded.toByteArray());
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
    }

    @Test
    void creditGoesBackOnlyForOutputWritten() throws Exception {
        GatedOutput slow = new GatedOutput();
        TestExecIo io = new TestExecIo(InputStream.nullInputStream(), true, slow, err);
        Future<Integer> run = start(io, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        long window = ExecLoop.outputWindow(1, 1);
        long widened = window - ExecProtocol.INITIAL_WINDOW;
        labd.observe(frame -> {
            if (frame instanceof ExecFrame credit && credit.type().equals(ExecProtocol.WINDOW)
                    && labd.granted(session, ExecProtocol.STDOUT) + credit.bytes() > slow.written() + widened) {
                throw new AssertionError("labctl gave back credit for output it has not written");
            }
        });
        labd.started(session);
        labd.expect(ExecProtocol.EOF);
        long total = 3 * window;
        AtomicLong agentSent = new AtomicLong();
        // an agent: sends while it has credit, then waits for more
        Thread agent = new Thread(() -> {
            byte[] chunk = new byte[ExecProtocol.MAX_PAYLOAD];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) i;
            }
            while (agentSent.get() < total) {
                labd.awaitGranted(session, ExecProtocol.STDOUT, agentSent.get() + chunk.length - ExecProtocol.INITIAL_WINDOW);
                labd.data(session, ExecProtocol.STDOUT, chunk);
                agentSent.addAndGet(chunk.length);
            }
            labd.exit(session, 0);
        }, "agent");
        agent.setDaemon(true);
        agent.start();
        // the reader is slow: it takes 64 KiB, then labctl must wait for it again
        long allowed = 0;
        while (allowed < total) {
            allowed += 64 * 1024;
            slow.allow(64 * 1024);
            slow.awaitWritten(allowed);
            long held = agentSent.get() - slow.written();
            assertTrue(held <= window, () -> held + " bytes sent and not yet written");
        }
        assertEquals(0, exitCode(run));
        assertEquals(total, slow.written());
        agent.join(FakeLabd.WAIT.toMillis());
    }

    @Test
    void agentsTimeoutExits124() throws Exception {
        ExecRequest request = new ExecRequest(List.of("sleep", "600"), null, Map.of(), 90);
        Future<Integer> run = start(atTerminal(), request, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.send(ExecFrame.exit(session, 143, "TERM", true));
        assertEquals(ExitCode.TIMEOUT, exitCode(run));
        assertEquals("labctl: command timed out after 1m30s; the remote process tree was killed\n", TestExecIo.text(err));
    }

    @Test
    void noExitWithinTheTimeoutAndGraceAbortsAndExits124() throws Exception {
        ExecRequest request = new ExecRequest(List.of("sleep", "600"), null, Map.of(), 10);
        Future<Integer> run = start(atTerminal(), request, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.expect(ExecProtocol.EOF);
        clock.addAndGet(Duration.ofSeconds(10).plus(ExecLoop.TIMEOUT_GRACE).toNanos());
        // the loop waits on the real clock for the deadline of the test's clock: any message wakes it
        labd.send(ExecFrame.window(session, ExecProtocol.STDIN, 1));
        labd.expect(ExecProtocol.ABORT);
        assertEquals(ExitCode.TIMEOUT, exitCode(run));
        assertTrue(TestExecIo.text(err).startsWith("labctl: no end from server/web-1 within --timeout 10s and 15s more"),
                TestExecIo.text(err));
    }

    @Test
    void errorsBeforeStartedMapToExitCodes() {
        record Case(int status, String message, int exitCode, String shown) {
        }
        for (Case expected : List.of(
                new Case(400, "argv must not be empty", ExitCode.USAGE, "argv must not be empty"),
                new Case(403, "exec:baremetal:lab:web-1 is not allowed: no role grants it", ExitCode.PERMISSION_DENIED,
                        "exec:baremetal:lab:web-1 is not allowed: no role grants it"),
                new Case(404, "no server web-1", ExitCode.NOT_FOUND, "no server web-1"),
                new Case(503, "server/web-1 is not connected: its agent is offline", ExitCode.UNREACHABLE,
                        "server/web-1 is not connected: its agent is offline"),
                new Case(401, "a client certificate from labd's CA is required", ExitCode.PERMISSION_DENIED,
                        "a client certificate from labd's CA is required"),
                new Case(500, "database down", ExitCode.ERROR, "database down (labd's log has the details)"))) {
            FakeLabd refusing = new FakeLabd();
            SingleExec exec = new SingleExec(atTerminal(), refusing, clock::get);
            Future<Integer> run = labctl.submit(() -> exec.run("web-1", WC, false, false));
            UUID session = refusing.expect(ExecProtocol.START).session();
            refusing.send(ExecFrame.error(session, Failure.of(expected.status()), expected.message()));
            LabctlException failure = failure(run);
            assertEquals(expected.exitCode(), failure.exitCode(), expected::toString);
            assertEquals(expected.shown(), failure.getMessage());
            assertTrue(refusing.closed());
        }
    }

    @Test
    void errorAfterStartedIsAWarning() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.send(ExecFrame.error(session, "cannot set the terminal size"));
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
        assertEquals("labctl: server/web-1: cannot set the terminal size\n", TestExecIo.text(err));
    }

    @Test
    void agentLostMidRunExits255() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.send(ExecFrame.error(session, Failure.UNAVAILABLE, "lost server/web-1 before the command finished: its agent disconnected"));
        assertEquals(ExitCode.CONNECTION_LOST, exitCode(run));
        assertEquals("labctl: lost server/web-1 before the command finished: its agent disconnected\n",
                TestExecIo.text(err));
    }

    @Test
    void connectionLostMidRunExits255() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.data(session, ExecProtocol.STDOUT, "partial".getBytes(StandardCharsets.UTF_8));
        labd.drop();
        assertEquals(ExitCode.CONNECTION_LOST, exitCode(run));
        assertEquals("partial", TestExecIo.text(out));
        assertEquals("labctl: lost the connection to labd before server/web-1 finished (labd closed it)\n",
                TestExecIo.text(err));
    }

    @Test
    void ctrlCInterruptsThenASecondAborts() throws Exception {
        TestExecIo io = atTerminal();
        Future<Integer> run = start(io, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.expect(ExecProtocol.EOF);
        assertTrue(io.pressCtrlC());
        assertEquals(ExecProtocol.Signal.INT.name(), labd.expect(ExecProtocol.SIGNAL).name());
        // a second Ctrl-C later than the window is another interrupt
        clock.addAndGet(ExecLoop.SECOND_INTERRUPT.plusMillis(1).toNanos());
        io.pressCtrlC();
        assertEquals(ExecProtocol.Signal.INT.name(), labd.expect(ExecProtocol.SIGNAL).name());
        clock.addAndGet(ExecLoop.SECOND_INTERRUPT.minusMillis(1).toNanos());
        io.pressCtrlC();
        labd.expect(ExecProtocol.ABORT);
        assertEquals(ExitCode.INTERRUPTED, exitCode(run));
        assertEquals("labctl: interrupted: asked labd to kill the command on server/web-1\n", TestExecIo.text(err));
        assertFalse(io.catchesCtrlC());
        assertTrue(labd.closed());
    }

    @Test
    void ctrlCBeforeStartedReachesTheCommandOnceItRuns() throws Exception {
        TestExecIo io = atTerminal();
        Future<Integer> run = start(io, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        assertTrue(io.pressCtrlC());
        labd.started(session);
        labd.expect(ExecProtocol.SIGNAL);
        labd.expect(ExecProtocol.EOF);
        labd.send(ExecFrame.exit(session, 130, "INT", false));
        assertEquals(130, exitCode(run));
    }

    @Test
    void ttyMirrorsTheLocalTerminalInRawMode() throws Exception {
        TestExecIo io = new TestExecIo(new ByteArrayInputStream(new byte[] {'l', 's', '\r', 3, 4}), true, out, err)
                .terminalSize(120, 40);
        Future<Integer> run = start(io, new ExecRequest(List.of("bash"), null, Map.of(), 0), true, true);
        ExecFrame start = labd.expect(ExecProtocol.START);
        assertTrue(FakeLabd.command(start).ttyRequested());
        assertEquals(120, FakeLabd.command(start).cols());
        assertEquals(40, FakeLabd.command(start).rows());
        assertTrue(io.terminal().raw());
        // Ctrl-C is a key for the remote terminal: labctl does not catch it
        assertFalse(io.catchesCtrlC());
        UUID session = start.session();
        labd.started(session);
        assertArrayEquals(new byte[] {'l', 's', '\r', 3, 4}, labd.expectData().bytes());
        labd.expect(ExecProtocol.EOF);
        io.terminal().resize(100, 30);
        ExecFrame resize = labd.expect(ExecProtocol.RESIZE);
        assertEquals(100, resize.cols());
        assertEquals(30, resize.rows());
        labd.data(session, ExecProtocol.STDOUT, "\u001b[1mbold\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
        assertEquals("\u001b[1mbold\u001b[0m\r\n", TestExecIo.text(out));
        assertTrue(io.terminal().closed());
    }

    @Test
    void terminalIsRestoredWhenLabdRefuses() {
        TestExecIo io = atTerminal();
        Future<Integer> run = start(io, new ExecRequest(List.of("bash"), null, Map.of(), 0), true, true);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.send(ExecFrame.error(session, Failure.PERMISSION_DENIED, "exec:baremetal:lab:web-1 is not allowed"));
        assertEquals(ExitCode.PERMISSION_DENIED, failure(run).exitCode());
        assertTrue(io.terminal().closed());
    }

    @Test
    void ttyWithoutATerminalRunsWithoutOne() throws Exception {
        TestExecIo piped = new TestExecIo(new ByteArrayInputStream(new byte[0]), false, out, err);
        Future<Integer> run = start(piped, WC, true, true);
        ExecFrame start = labd.expect(ExecProtocol.START);
        assertFalse(FakeLabd.command(start).ttyRequested());
        assertNull(piped.terminal());
        labd.started(start.session());
        labd.expect(ExecProtocol.EOF);
        labd.exit(start.session(), 0);
        assertEquals(0, exitCode(run));
        assertEquals("labctl: Pseudo-terminal will not be allocated because stdin is not a terminal.\n",
                TestExecIo.text(err));
    }

    @Test
    void closedOutputAbortsTheCommand() throws Exception {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        TestExecIo io = new TestExecIo(InputStream.nullInputStream(), true, closed, err);
        Future<Integer> run = start(io, WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.started(session);
        labd.expect(ExecProtocol.EOF);
        labd.data(session, ExecProtocol.STDOUT, "y\n".getBytes(StandardCharsets.UTF_8));
        labd.expect(ExecProtocol.ABORT);
        assertEquals(ExitCode.BROKEN_PIPE, exitCode(run));
    }

    @Test
    void framesLabctlCannotReadAreIgnored() throws Exception {
        Future<Integer> run = start(atTerminal(), WC, false, false);
        UUID session = labd.expect(ExecProtocol.START).session();
        labd.sendRaw("not json");
        labd.sendRaw("{\"type\":\"hello\",\"session\":\"" + session + "\",\"addedLater\":1}");
        labd.send(ExecFrame.started(UUID.randomUUID(), 1));
        labd.started(session);
        labd.exit(session, 0);
        assertEquals(0, exitCode(run));
    }

    /** An output stream whose reader is slow: it takes only as many bytes as the test allows. */
    private static final class GatedOutput extends OutputStream {

        private long allowed;
        private long written;

        synchronized void allow(int bytes) {
            allowed += bytes;
            notifyAll();
        }

        synchronized long written() {
            return written;
        }

        synchronized void awaitWritten(long bytes) throws InterruptedException {
            long deadline = System.nanoTime() + FakeLabd.WAIT.toNanos();
            while (written < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("labctl wrote " + written + " bytes, not " + bytes);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            int left = length;
            while (left > 0) {
                while (allowed == written) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                }
                long taken = Math.min(left, allowed - written);
                written += taken;
                left -= taken;
                notifyAll();
            }
        }
    }
}
