package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.agent.testing.RecordingOutbound.await;
import static org.labctl.api.ExecProtocol.INITIAL_WINDOW;
import static org.labctl.api.ExecProtocol.STDERR;
import static org.labctl.api.ExecProtocol.STDIN;
import static org.labctl.api.ExecProtocol.STDOUT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.agent.testing.RecordingOutbound;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.ExecStart;
import org.labctl.api.session.Outbound;

/** Real processes through {@link ExecRunner}; every test ends with its processes gone. */
class ExecRunnerTest {

    private static final Duration GRACE = Duration.ofMillis(500);

    private final List<ExecRunner> runners = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (ExecRunner runner : runners) {
            runner.abort();
            assertTrue(runner.awaitEnd(RecordingOutbound.DEADLINE), "session " + runner.session() + " ended");
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A session id and its command, as a start frame carries them. */
    private record Command(UUID id, ExecStart start) {
    }

    private static Command command(UUID id, List<String> argv, Map<String, String> env, long timeoutSeconds) {
        return new Command(id, new ExecStart(argv, false, 0, 0, null, env, timeoutSeconds));
    }

    private static Command command(UUID id, List<String> argv, boolean tty, int cols, int rows, String user,
            Map<String, String> env, long timeoutSeconds) {
        return new Command(id, new ExecStart(argv, tty, cols, rows, user, env, timeoutSeconds));
    }

    private ExecRunner run(RecordingOutbound out, Command start) {
        ExecRunner runner = new ExecRunner(start.id(), start.start(), out, GRACE);
        runners.add(runner);
        return runner;
    }

    private ExecRunner start(RecordingOutbound out, long timeoutSeconds, String... argv) {
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of(argv), Map.of(), timeoutSeconds));
        out.grantingTo(runner);
        runner.start();
        return runner;
    }

    private static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::running).orElse(false);
    }

    /** The first line of stdout, once it is there: scripts below print a pid or "ready". */
    private static String firstLine(RecordingOutbound out) throws InterruptedException {
        await("a first line on stdout, have " + out.stdout(), () -> out.stdout().contains("\n"));
        return out.stdout().substring(0, out.stdout().indexOf('\n'));
    }

    @Test
    void stdoutAndStderrStaySeparate() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sh", "-c", "echo out; echo err >&2; echo out2");
        ExecFrame exit = out.awaitExit();
        assertEquals("out\nout2\n", out.stdout());
        assertEquals("err\n", out.stderr());
        assertEquals(0, exit.code());
        assertNull(exit.signal());
        assertFalse(exit.wasTimedOut());
        ExecFrame started = out.controls().get(0);
        assertEquals(ExecProtocol.STARTED, started.type());
        assertEquals(runner.session(), started.session());
        assertEquals(runner.process().pid(), started.pid());
        assertEquals(runner.session(), exit.session());
        out.assertClean();
    }

    @Test
    void theExitCodeIsPropagated() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        start(out, 0, "sh", "-c", "exit 3");
        ExecFrame exit = out.awaitExit();
        assertEquals(3, exit.code());
        assertNull(exit.signal());
        assertFalse(exit.wasTimedOut());
        out.assertClean();
    }

    @Test
    void argvIsNotInterpretedByAShell() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        start(out, 0, "printf", "%s|", "$HOME", "a b", "*", ";true");
        out.awaitExit();
        assertEquals("$HOME|a b|*|;true|", out.stdout());
        out.assertClean();
    }

    @Test
    void environmentAdditionsReachTheProcess() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of("sh", "-c", "echo \"$LABCTL_X:$PATH\""),
                Map.of("LABCTL_X", "forty two"), 0));
        out.grantingTo(runner);
        runner.start();
        out.awaitExit();
        assertEquals("forty two:" + System.getenv("PATH") + "\n", out.stdout(), "added to, not replacing, the agent's environment");
        out.assertClean();
    }

    @Test
    void stdinIsForwardedAndClosedOnEof() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "wc", "-l");
        runner.accept(new ExecData(STDIN, runner.session(), text("a\nb\n")));
        runner.accept(ExecFrame.eof(runner.session()));
        ExecFrame exit = out.awaitExit();
        assertEquals("2", out.stdout().trim());
        assertEquals(0, exit.code());
        long credited = out.controls(ExecProtocol.WINDOW).stream()
                .peek(window -> assertEquals(STDIN, window.channel())).mapToLong(ExecFrame::bytes).sum();
        assertEquals(4, credited, "the agent gave back the stdin credit it consumed");
        out.assertClean();
    }

    @Test
    void stdinLargerThanTheWindowFlowsAsCreditComesBack() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "wc", "-c");
        int total = 4 * INITIAL_WINDOW + 123;
        int sent = 0;
        while (sent < total) {
            long credited = out.controls(ExecProtocol.WINDOW).stream().mapToLong(ExecFrame::bytes).sum();
            int allowed = (int) Math.min(INITIAL_WINDOW + credited - sent, total - sent);
            if (allowed == 0) {
                int before = sent;
                await("stdin credit after " + before + " bytes", () -> out.controls(ExecProtocol.WINDOW).stream()
                        .mapToLong(ExecFrame::bytes).sum() + INITIAL_WINDOW > before);
                continue;
            }
            int chunk = Math.min(allowed, ExecProtocol.MAX_PAYLOAD);
            runner.stdin(ByteBuffer.allocate(chunk));
            sent += chunk;
        }
        runner.eof();
        out.awaitExit();
        assertEquals(Integer.toString(total), out.stdout().trim());
        assertEquals(List.of(), out.controls(ExecProtocol.ERROR));
        out.assertClean();
    }

    @Test
    void aClientThatOverrunsTheStdinWindowIsCutOff() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sleep", "300");
        long pid = runner.process().pid();
        pids.add(pid);
        for (int i = 0; i < 3 * INITIAL_WINDOW / ExecProtocol.MAX_PAYLOAD && out.controls(ExecProtocol.ERROR).isEmpty(); i++) {
            runner.stdin(ByteBuffer.allocate(ExecProtocol.MAX_PAYLOAD));
        }
        ExecFrame exit = out.awaitExit();
        assertTrue(out.single(ExecProtocol.ERROR).message().contains("more than its window"), out.controls().toString());
        assertEquals(143, exit.code());
        assertEquals("TERM", exit.signal());
        assertFalse(running(pid));
        out.assertClean();
    }

    @Test
    void interruptReachesTheProcess() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sh", "-c",
                "trap 'echo got-int; exit 130' INT; echo ready; while :; do sleep 0.1; done");
        assertEquals("ready", firstLine(out));
        runner.accept(ExecFrame.signal(runner.session(), ExecProtocol.Signal.INT));
        ExecFrame exit = out.awaitExit();
        assertEquals("ready\ngot-int\n", out.stdout());
        assertEquals(130, exit.code());
        assertEquals("INT", exit.signal());
        assertFalse(exit.wasTimedOut());
        out.assertClean();
    }

    @Test
    void terminateAndHangUpReachTheProcess() throws Exception {
        RecordingOutbound term = new RecordingOutbound();
        ExecRunner sleeping = start(term, 0, "sleep", "300");
        sleeping.signal("TERM");
        ExecFrame exit = term.awaitExit();
        assertEquals(143, exit.code());
        assertEquals("TERM", exit.signal());
        term.assertClean();

        RecordingOutbound hup = new RecordingOutbound();
        ExecRunner hungUp = start(hup, 0, "sleep", "300");
        hungUp.signal("SIGHUP");
        assertEquals("HUP", hup.awaitExit().signal());
        hup.assertClean();
    }

    @Test
    void anUnknownSignalIsAnErrorAndTheSessionGoesOn() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sh", "-c", "read line; echo \"$line\"");
        runner.signal("USR1");
        assertTrue(out.single(ExecProtocol.ERROR).message().contains("unknown signal USR1"));
        runner.stdin(text("still here\n"));
        ExecFrame exit = out.awaitExit();
        assertEquals("still here\n", out.stdout());
        assertEquals(0, exit.code());
        out.assertClean();
    }

    @Test
    void theTimeoutKillsTheWholeTree() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 1, "sh", "-c", "sleep 300 & echo $!; wait");
        long child = runner.process().pid();
        long grandchild = Long.parseLong(firstLine(out));
        pids.add(grandchild);
        assertTrue(running(grandchild));
        ExecFrame exit = out.awaitExit();
        assertTrue(exit.wasTimedOut());
        assertEquals(143, exit.code());
        assertEquals("TERM", exit.signal());
        assertFalse(running(child));
        assertFalse(running(grandchild), "the grandchild " + grandchild + " is gone");
        out.assertClean();
    }

    @Test
    void aTreeThatIgnoresTerminateIsKilledAfterTheGracePeriod() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        // the trap is inherited: the sleep ignores TERM too
        ExecRunner runner = start(out, 1, "sh", "-c", "trap '' TERM; sleep 300 & echo $!; while :; do sleep 0.1; done");
        long grandchild = Long.parseLong(firstLine(out));
        pids.add(grandchild);
        ExecFrame exit = out.awaitExit();
        assertTrue(exit.wasTimedOut());
        assertEquals(137, exit.code());
        assertEquals("KILL", exit.signal());
        assertFalse(running(runner.process().pid()));
        assertFalse(running(grandchild));
        out.assertClean();
    }

    @Test
    void abortKillsTheTreeAndStillEndsWithExit() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sh", "-c", "sleep 300 & echo $!; wait");
        long grandchild = Long.parseLong(firstLine(out));
        pids.add(grandchild);
        runner.close();
        assertTrue(runner.awaitEnd(RecordingOutbound.DEADLINE));
        ExecFrame exit = out.awaitExit();
        assertFalse(exit.wasTimedOut());
        assertEquals(143, exit.code());
        assertFalse(runner.process().isAlive());
        assertFalse(running(grandchild));
        runner.abort();
        out.assertClean();
    }

    @Test
    void abortWhileThePumpsWaitForCreditEndsTheSession() throws Exception {
        RecordingOutbound out = new RecordingOutbound().countingOnly();
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of("head", "-c", "10M", "/dev/zero"), Map.of(), 0));
        runner.start();
        await("the first window", () -> out.received(STDOUT) == INITIAL_WINDOW);
        runner.abort();
        out.awaitExit();
        assertFalse(runner.process().isAlive());
        out.assertClean();
    }

    @Test
    void aSlowReaderBoundsWhatIsInFlightAndEverythingArrivesWithCredit() throws Exception {
        RecordingOutbound out = new RecordingOutbound().countingOnly();
        long total = 50L * 1024 * 1024;
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of("head", "-c", "50M", "/dev/zero"), Map.of(), 0));
        runner.start();
        await("the first window", () -> out.received(STDOUT) == INITIAL_WINDOW);
        // Nothing can be awaited to prove that nothing more comes: give a stalled pump a moment to overrun.
        Thread.sleep(200);
        assertEquals(INITIAL_WINDOW, out.received(STDOUT), "no credit, no more data");
        assertTrue(runner.process().isAlive(), "head blocks on its full pipe");

        // A slow reader: credit in small, uneven portions, never ahead of what it received.
        long granted = 0;
        int step = 0;
        while (out.controls(ExecProtocol.EXIT).isEmpty()) {
            long backlog = out.received(STDOUT) - granted;
            if (backlog == 0) {
                long seen = out.received(STDOUT);
                await("more stdout or exit", () -> out.received(STDOUT) > seen || !out.controls(ExecProtocol.EXIT).isEmpty());
                continue;
            }
            int portion = (int) Math.min(backlog, step++ % 2 == 0 ? 1000 : 70_000);
            out.grant(runner, STDOUT, portion);
            granted += portion;
        }
        ExecFrame exit = out.awaitExit();
        assertEquals(0, exit.code());
        assertEquals(total, out.received(STDOUT));
        assertTrue(out.maxInFlight() <= INITIAL_WINDOW, "at most a window in flight, saw " + out.maxInFlight());
        out.assertClean();
    }

    @Test
    void exitComesAfterEveryByteOfOutput() throws Exception {
        RecordingOutbound out = new RecordingOutbound().countingOnly();
        start(out, 0, "sh", "-c", "head -c 3000000 /dev/zero; head -c 1000000 /dev/zero >&2; exit 7");
        ExecFrame exit = out.awaitExit();
        assertEquals(7, exit.code());
        assertEquals(3_000_000, out.received(STDOUT));
        assertEquals(1_000_000, out.received(STDERR));
        out.assertClean();
    }

    @Test
    void aMissingProgramIsAnErrorFrameNotAnException() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "no-such-program-labctl", "x");
        assertTrue(runner.awaitEnd(Duration.ofSeconds(5)));
        ExecFrame error = out.single(ExecProtocol.ERROR);
        assertEquals(runner.session(), error.session());
        assertTrue(error.message().startsWith("cannot run \"no-such-program-labctl\": No such file or directory"), error.message());
        assertEquals(1, out.controls().size(), "no started, no exit: " + out.controls());
        runner.stdin(text("ignored"));
        runner.signal("INT");
        runner.eof();
        assertEquals(1, out.controls().size());
    }

    @Test
    void whatTheAgentCannotDoYetIsRefusedClearly() throws Exception {
        UUID id = UUID.randomUUID();
        String me = System.getProperty("user.name");
        assertTrue(refusal(command(id, List.of("bash"), true, 0, 99_999, null, Map.of(), 0)).contains("terminal size"));
        assertTrue(refusal(command(id, List.of("id"), false, 0, 0, "no;body", Map.of(), 0)).contains("not a local user name"));
        if ("root".equals(me)) {
            assertEquals("there is no local user \"nobody-labctl\" on this server",
                    refusal(command(id, List.of("id"), false, 0, 0, "nobody-labctl", Map.of(), 0)));
        } else {
            assertTrue(refusal(command(id, List.of("id"), false, 0, 0, "nobody", Map.of(), 0))
                    .contains("cannot run commands as nobody: run lab-agent as root"));
        }
        assertEquals("no command to run: argv is empty", refusal(command(id, List.of(), Map.of(), 0)));
        assertTrue(refusal(command(id, List.of("env"), Map.of("A=B", "x"), 0)).contains("invalid environment variable name"));
        assertTrue(refusal(command(id, List.of("true"), Map.of(), -1)).contains("timeoutSeconds"));

        RecordingOutbound out = new RecordingOutbound();
        start(out, 0, "true");
        assertEquals(0, out.awaitExit().code());
        ExecRunner asMe = run(out = new RecordingOutbound(), command(id, List.of("true"), false, 0, 0, me, Map.of(), 0));
        asMe.start();
        assertEquals(0, out.awaitExit().code(), "the agent's own user is fine");
    }

    @Test
    void aTerminalSessionRunsOnARealPtyOfTheAskedSizeAndResizes() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/script").canExecute(), "needs script(1)");
        RecordingOutbound out = new RecordingOutbound();
        UUID id = UUID.randomUUID();
        ExecRunner runner = run(out, command(id, List.of("sh", "-c", "tty; stty size; read line; stty size; echo \"got $line\""),
                true, 100, 30, null, Map.of(), 0));
        runner.start();
        await("the size asked for", () -> out.stdout().contains("30 100"));
        assertTrue(out.stdout().contains("/dev/pts/"), out.stdout());
        runner.accept(ExecFrame.resize(id, 120, 40));
        runner.stdin(text("hello\n"));
        assertEquals(0, out.awaitExit().code());
        assertTrue(out.stdout().contains("40 120"), "resized: " + out.stdout());
        assertTrue(out.stdout().contains("got hello"), out.stdout());
    }

    @Test
    void anotherUserRunsTheCommandWhenTheAgentIsRoot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of("id", "-un"), false, 0, 0, "nobody", Map.of(), 0));
        runner.start();
        assertEquals(0, out.awaitExit().code());
        assertEquals("nobody\n", out.stdout());
    }

    private String refusal(Command start) throws InterruptedException {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = run(out, start);
        runner.start();
        assertTrue(runner.awaitEnd(Duration.ofSeconds(5)));
        assertEquals(1, out.controls().size(), out.controls().toString());
        return out.single(ExecProtocol.ERROR).message();
    }

    @Test
    void badInboundFramesAreReportedWithoutEndingTheSession() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = start(out, 0, "sh", "-c", "read line; echo \"$line\"");
        runner.accept(new ExecData(STDOUT, runner.session(), text("x")));
        runner.accept(ExecFrame.window(runner.session(), STDIN, 10));
        runner.accept(ExecFrame.window(runner.session(), STDOUT, 0));
        runner.accept(ExecFrame.resize(runner.session(), 100, 40));
        runner.accept(ExecFrame.started(runner.session(), 1));
        assertEquals(4, out.controls(ExecProtocol.ERROR).size(), out.controls().toString());
        runner.stdin(text("fine\n"));
        assertEquals(0, out.awaitExit().code());
        assertEquals("fine\n", out.stdout());
        out.assertClean();
    }

    @Test
    void abortBeforeStartRunsNothing() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        ExecRunner runner = run(out, command(UUID.randomUUID(), List.of("sleep", "300"), Map.of(), 0));
        runner.abort();
        runner.start();
        assertTrue(runner.awaitEnd(Duration.ofSeconds(5)));
        assertNull(runner.process());
        assertEquals(List.of(), out.controls());
    }

    @Test
    void aClientThatIsGoneAbortsTheSession() throws Exception {
        List<ExecFrame> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        Outbound broken = new Outbound() {
            @Override
            public void data(int channel, ByteBuffer payload) {
                throw new IllegalStateException("socket closed");
            }

            @Override
            public void control(ExecFrame frame) {
                frames.add(frame);
            }
        };
        Command command = command(UUID.randomUUID(), List.of("sh", "-c", "echo hi; sleep 300"), Map.of(), 0);
        ExecRunner runner = new ExecRunner(command.id(), command.start(), broken, GRACE);
        runners.add(runner);
        runner.start();
        assertTrue(runner.awaitEnd(RecordingOutbound.DEADLINE));
        assertFalse(runner.process().isAlive());
        assertEquals(ExecProtocol.EXIT, frames.get(frames.size() - 1).type());
    }
}
