package org.labctl.cli.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.labctl.api.ExecFrame;
import org.labctl.api.Failure;
import org.labctl.api.ExecProtocol;
import org.labctl.api.ExecTarget;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Mappers;
import org.labctl.cli.TestExecIo;

/** {@code labctl exec -l}: several sessions over one connection, prefixed lines, states, summary and JSON records. */
class FanOutExecTest {

    private static final ExecRequest UPTIME = new ExecRequest(List.of("uptime"), null, Map.of(), 0);

    private final ExecutorService labctl = Executors.newSingleThreadExecutor();
    private final FakeLabd labd = new FakeLabd();
    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TestExecIo io = new TestExecIo(InputStream.nullInputStream(), true, out, err);

    @AfterEach
    void stopLabctl() {
        labctl.shutdownNow();
    }

    private static ExecTarget target(String name) {
        return new ExecTarget(name, "baremetal", "lab", true, true, null);
    }

    private Future<Integer> start(List<ExecTarget> targets, int parallel, boolean json) {
        FanOutExec exec = new FanOutExec(io, labd, clock::get);
        return labctl.submit(() -> exec.run(targets, UPTIME, parallel, json));
    }

    private static int exitCode(Future<Integer> run) throws Exception {
        return run.get(FakeLabd.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Reads the start frames of {@code count} sessions, by server. */
    private Map<String, UUID> starts(int count) {
        Map<String, UUID> sessions = new HashMap<>();
        for (int i = 0; i < count; i++) {
            ExecFrame start = labd.expect(ExecProtocol.START);
            sessions.put(start.server(), start.session());
        }
        return sessions;
    }

    private void startedWithoutInput(UUID session) {
        labd.started(session);
        labd.expect(ExecProtocol.EOF);
    }

    private void print(UUID session, int channel, String text) {
        labd.data(session, channel, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesArePrefixedAndNeverMixed() throws Exception {
        Future<Integer> run = start(List.of(target("web-1"), target("db-1")), 32, false);
        Map<String, UUID> sessions = starts(2);
        UUID web = sessions.get("web-1");
        UUID db = sessions.get("db-1");
        startedWithoutInput(web);
        startedWithoutInput(db);
        print(web, ExecProtocol.STDOUT, "hel");
        print(db, ExecProtocol.STDOUT, "wor");
        print(web, ExecProtocol.STDERR, "warn");
        print(web, ExecProtocol.STDOUT, "lo\nsec");
        print(db, ExecProtocol.STDOUT, "ld\n");
        print(web, ExecProtocol.STDERR, "ing\n");
        labd.exit(web, 0);
        print(db, ExecProtocol.STDOUT, "no newline at the end");
        labd.exit(db, 0);
        assertEquals(ExitCode.OK, exitCode(run));
        assertEquals("""
                web-1  | hello
                db-1   | world
                web-1  | sec
                db-1   | no newline at the end
                """, TestExecIo.text(out));
        assertEquals("""
                web-1  | warning
                2 servers: 2 succeeded, 0 failed, 0 timed out, 0 unreachable, 0 lost, 0 denied
                """, TestExecIo.text(err));
        assertTrue(labd.closed());
    }

    @Test
    void aLineLongerThan64KiBIsCut() throws Exception {
        Future<Integer> run = start(List.of(target("web-1")), 32, false);
        UUID web = starts(1).get("web-1");
        startedWithoutInput(web);
        byte[] line = new byte[PrefixedOutput.MAX_LINE + 10];
        Arrays.fill(line, (byte) 'x');
        for (int offset = 0; offset < line.length; offset += ExecProtocol.MAX_PAYLOAD) {
            labd.data(web, ExecProtocol.STDOUT, Arrays.copyOfRange(line, offset, Math.min(line.length, offset + ExecProtocol.MAX_PAYLOAD)));
        }
        print(web, ExecProtocol.STDOUT, "\n");
        labd.exit(web, 0);
        assertEquals(ExitCode.OK, exitCode(run));
        List<String> lines = TestExecIo.text(out).lines().toList();
        assertEquals(List.of("web-1  | " + "x".repeat(PrefixedOutput.MAX_LINE), "web-1  | " + "x".repeat(10)), lines);
    }

    @Test
    void atMostParallelSessionsRunAtATime() throws Exception {
        List<ExecTarget> targets = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            targets.add(target("web-" + i));
        }
        Future<Integer> run = start(targets, 2, false);
        List<String> order = new ArrayList<>();
        List<UUID> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ExecFrame start = labd.expect(ExecProtocol.START);
            order.add(start.server());
            running.add(start.session());
        }
        for (UUID session : running) {
            // were a third start sent with the first two, it would come before these
            startedWithoutInput(session);
        }
        while (!running.isEmpty()) {
            labd.exit(running.remove(0), 0);
            if (order.size() < targets.size()) {
                ExecFrame start = labd.expect(ExecProtocol.START);
                order.add(start.server());
                running.add(start.session());
                startedWithoutInput(start.session());
            }
        }
        assertEquals(ExitCode.OK, exitCode(run));
        assertEquals(List.of("web-1", "web-2", "web-3", "web-4", "web-5"), order);
        labd.assertNothingElseSent();
    }

    @Test
    void statesSummaryAndExitCode() throws Exception {
        List<ExecTarget> targets = List.of(target("web-1"), target("db-1"), target("web-2"),
                new ExecTarget("web-3", "baremetal", "lab", false, true, null),
                new ExecTarget("web-4", "baremetal", "lab", true, false, "exec:baremetal:lab:web-4 is not allowed"),
                target("web-5"), target("web-6"));
        ExecRequest request = new ExecRequest(List.of("check"), null, Map.of(), 60);
        FanOutExec exec = new FanOutExec(io, labd, clock::get);
        Future<Integer> run = labctl.submit(() -> exec.run(targets, request, 32, false));
        // web-3 is not connected: nothing is sent for it
        Map<String, UUID> sessions = starts(6);
        assertFalse(sessions.containsKey("web-3"));
        startedWithoutInput(sessions.get("web-1"));
        labd.exit(sessions.get("web-1"), 0);
        startedWithoutInput(sessions.get("db-1"));
        labd.exit(sessions.get("db-1"), 2);
        startedWithoutInput(sessions.get("web-2"));
        labd.send(ExecFrame.exit(sessions.get("web-2"), 143, "TERM", true));
        labd.send(ExecFrame.error(sessions.get("web-4"), Failure.PERMISSION_DENIED, "exec:baremetal:lab:web-4 is not allowed"));
        startedWithoutInput(sessions.get("web-5"));
        labd.send(ExecFrame.error(sessions.get("web-5"), Failure.UNAVAILABLE, "lost server/web-5 before the command finished: "
                + "its agent disconnected"));
        labd.send(ExecFrame.error(sessions.get("web-6"), Failure.UNAVAILABLE, "its agent went away"));
        assertEquals(ExitCode.ERROR, exitCode(run));
        assertEquals("", TestExecIo.text(out));
        assertEquals("""
                labctl: server/web-3 is not connected: its agent is offline
                labctl: server/web-2: command timed out after 1m; the remote process tree was killed
                labctl: server/web-4: exec:baremetal:lab:web-4 is not allowed
                labctl: lost server/web-5 before the command finished: its agent disconnected
                labctl: server/web-6: its agent went away
                7 servers: 1 succeeded, 1 failed (exit 2: db-1), 1 timed out (web-2), 2 unreachable (web-3, web-6), \
                1 lost (web-5), 1 denied (web-4)
                """, TestExecIo.text(err));
    }

    @Test
    void jsonRecordsOnePerServerAsEachEnds() throws Exception {
        List<ExecTarget> targets = List.of(target("web-1"), target("web-2"),
                new ExecTarget("web-3", "baremetal", "lab", false, true, null));
        Future<Integer> run = start(targets, 32, true);
        Map<String, UUID> sessions = starts(2);
        startedWithoutInput(sessions.get("web-2"));
        print(sessions.get("web-2"), ExecProtocol.STDOUT, "up 3 days\n");
        print(sessions.get("web-2"), ExecProtocol.STDERR, "é\n");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1500));
        labd.exit(sessions.get("web-2"), 0);
        startedWithoutInput(sessions.get("web-1"));
        labd.send(ExecFrame.exit(sessions.get("web-1"), 130, "INT", false));
        assertEquals(ExitCode.ERROR, exitCode(run));
        List<JsonNode> records = new ArrayList<>();
        for (String line : TestExecIo.text(out).lines().toList()) {
            records.add(Mappers.json().readTree(line));
        }
        assertEquals(3, records.size(), TestExecIo.text(out));
        assertEquals("{\"server\":\"web-3\",\"state\":\"unreachable\",\"exitCode\":null,\"signal\":null,\"stdout\":\"\","
                + "\"stderr\":\"\",\"durationMs\":null,\"error\":\"server/web-3 is not connected: its agent is offline\"}",
                TestExecIo.text(out).lines().findFirst().orElseThrow());
        assertEquals("{\"server\":\"web-2\",\"state\":\"succeeded\",\"exitCode\":0,\"signal\":null,\"stdout\":\"up 3 days\\n\","
                + "\"stderr\":\"é\\n\",\"durationMs\":1500,\"error\":null}", TestExecIo.text(out).lines().skip(1).findFirst().orElseThrow());
        JsonNode web1 = records.get(2);
        assertEquals("failed", web1.get("state").asText());
        assertEquals(130, web1.get("exitCode").asInt());
        assertEquals("INT", web1.get("signal").asText());
        // -o json prints no summary: the records are the result
        assertEquals("", TestExecIo.text(err));
    }

    @Test
    void jsonOutputIsCutAt1MiB() throws Exception {
        Future<Integer> run = start(List.of(target("web-1")), 32, true);
        UUID web = starts(1).get("web-1");
        startedWithoutInput(web);
        byte[] chunk = new byte[ExecProtocol.MAX_PAYLOAD];
        Arrays.fill(chunk, (byte) 'y');
        long sent = 0;
        while (sent <= CapturedOutput.LIMIT) {
            // the agent's window: what labctl gave back lets it send more
            labd.awaitGranted(web, ExecProtocol.STDOUT, sent + chunk.length - ExecProtocol.INITIAL_WINDOW);
            labd.data(web, ExecProtocol.STDOUT, chunk);
            sent += chunk.length;
        }
        labd.exit(web, 0);
        assertEquals(ExitCode.OK, exitCode(run));
        JsonNode record = Mappers.json().readTree(TestExecIo.text(out));
        assertEquals(CapturedOutput.LIMIT, record.get("stdout").asText().length());
        assertTrue(record.get("truncated").asBoolean());
    }

    @Test
    void connectionLostEndsRunningSessionsAsLostAndWaitingOnesAsUnreachable() throws Exception {
        Future<Integer> run = start(List.of(target("web-1"), target("web-2"), target("web-3")), 2, false);
        Map<String, UUID> sessions = starts(2);
        startedWithoutInput(sessions.get("web-1"));
        print(sessions.get("web-1"), ExecProtocol.STDOUT, "half a line");
        labd.drop();
        assertEquals(ExitCode.ERROR, exitCode(run));
        assertEquals("web-1  | half a line\n", TestExecIo.text(out));
        String err = TestExecIo.text(this.err);
        assertTrue(err.contains("labctl: lost the connection to labd before server/web-1 finished (labd closed it)"), err);
        assertTrue(err.contains("labctl: server/web-3 was not started: the connection to labd was lost"), err);
        assertTrue(err.endsWith("""
                labctl: lost the connection to labd before 2 servers finished
                3 servers: 0 succeeded, 0 failed, 0 timed out, 1 unreachable (web-3), 2 lost (web-1, web-2), 0 denied
                """), err);
    }

    @Test
    void ctrlCInterruptsEveryServerThenASecondAbortsThem() throws Exception {
        Future<Integer> run = start(List.of(target("web-1"), target("web-2"), target("web-3")), 2, false);
        Map<String, UUID> sessions = starts(2);
        startedWithoutInput(sessions.get("web-1"));
        startedWithoutInput(sessions.get("web-2"));
        assertTrue(io.pressCtrlC());
        assertEquals(2, List.of(labd.expect(ExecProtocol.SIGNAL), labd.expect(ExecProtocol.SIGNAL)).size());
        io.pressCtrlC();
        labd.expect(ExecProtocol.ABORT);
        labd.expect(ExecProtocol.ABORT);
        assertEquals(ExitCode.INTERRUPTED, exitCode(run));
        assertEquals("labctl: interrupted: asked labd to kill the command on 2 servers\n", TestExecIo.text(err));
        labd.assertNothingElseSent();
    }

    @Test
    void noConnectionWhenNoServerCanRun() throws Exception {
        Future<Integer> run = start(List.of(new ExecTarget("web-1", "baremetal", "lab", false, true, null)), 32, false);
        assertEquals(ExitCode.ERROR, exitCode(run));
        assertEquals(0, labd.opened());
        assertTrue(TestExecIo.text(err).endsWith(
                "1 server: 0 succeeded, 0 failed, 0 timed out, 1 unreachable (web-1), 0 lost, 0 denied\n"));
    }

    @Test
    void summaryListsAFewNamesAndCountsTheRest() {
        List<ExecSession> sessions = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ExecSession session = ExecSession.unreachable("web-" + i, "not connected");
            session.end(new ExecOutcome("web-" + i, ExecState.FAILED, i % 2 == 0 ? 1 : null, null, null, null, 5L));
            sessions.add(session);
        }
        assertEquals("12 servers: 0 succeeded, 12 failed (exit 1: web-2, web-4, web-6, web-8, web-10, web-12; "
                + "error: web-1, web-3, web-5, web-7, web-9, web-11), 0 timed out, 0 unreachable, 0 lost, 0 denied",
                FanOutReport.summary(sessions));
        List<ExecSession> many = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ExecSession session = ExecSession.unreachable("db-" + i, "not connected");
            session.end(new ExecOutcome("db-" + i, ExecState.LOST, null, null, null, null, null));
            many.add(session);
        }
        assertTrue(FanOutReport.summary(many).contains("12 lost (db-1, db-2, db-3, db-4, db-5, db-6, db-7, db-8, db-9, "
                + "db-10 and 2 more)"), FanOutReport.summary(many));
        assertNull(many.get(0).start());
    }
}
