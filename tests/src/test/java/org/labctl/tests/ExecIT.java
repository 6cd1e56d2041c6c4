package org.labctl.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Processes;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.Repo;

/**
 * {@code labctl exec} through a real labd to real lab-agents running as separate processes on
 * this machine (so the commands they run are this machine's processes, which the tests can look
 * for): streams, stdin, exit codes, timeouts, permissions, fan-out, the audit record of each
 * session, and what happens when the CLI or the agent is killed mid-run.
 */
class ExecIT {

    private static LabdProcess labd;
    private static Path dir;
    private static Labctl admin;
    private static final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("exec");
        labd = LabdProcess.unpack(dir);
        Files.writeString(labd.home().resolve("etc/org.labctl.rbac.cfg"), "cache.ms = 0\n");
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "lab", "--cloud", "baremetal"));
        for (String name : List.of("web-1", "web-2", "db-1")) {
            String role = name.startsWith("web") ? "web" : "db";
            String token = ok(admin.run("create", "token", "--env", "lab", "--label", "role=" + role)).stdout().trim();
            agents.add(AgentProcess.enroll(dir, labd, name, token).start());
        }
        // web-3 is enrolled, but its agent never runs
        String token = ok(admin.run("create", "token", "--env", "lab", "--label", "role=web")).stdout().trim();
        AgentProcess.enroll(dir, labd, "web-3", token);
        Await.until(Duration.ofSeconds(60), "three agents Ready", () -> List.of("web-1", "web-2", "db-1").stream()
                .allMatch(n -> Json.tree(labd.get("/api/v1/servers/" + n).body()).path("server").path("status").asText().equals("Ready")));
    }

    @AfterAll
    static void stop() {
        agents.forEach(AgentProcess::close);
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }


    /** The exec audit row of the session that ran {@code command}, once it is closed. */
    private static JsonNode closedAuditRow(String command) {
        return Await.until(Duration.ofSeconds(60), "the audit row of '" + command + "' closed", () -> {
            JsonNode rows = Json.tree(labd.get("/api/v1/audit?action=exec&limit=1000").body());
            for (JsonNode row : rows) {
                if (row.path("path").asText().equals(command) && !row.path("durationMs").isNull()
                        && !row.path("durationMs").isMissingNode()) {
                    return row;
                }
            }
            return null;
        });
    }

    @Test
    void stdoutAndStderrStaySeparateStdinIsForwardedAndTheExitCodeIsLabctls() throws Exception {
        Commands.Result mixed = admin.run("exec", "server/web-1", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertEquals(3, mixed.exitCode(), mixed.toString());
        assertEquals("out\n", mixed.stdout());
        assertTrue(mixed.stderr().contains("err\n"), mixed.toString());
        assertFalse(mixed.stderr().contains("out"), mixed.toString());

        Commands.Result counted = admin.run("a\nb\n".getBytes(UTF_8), "exec", "server/web-1", "--", "wc", "-l");
        assertEquals(0, counted.exitCode(), counted.toString());
        assertEquals("2", counted.stdout().trim());

        // binary, and more than the flow-control windows: 3 MiB of random bytes there and back
        byte[] random = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(random);
        Commands.Result digest = admin.run(random, "exec", "server/web-2", "--", "sha256sum");
        assertEquals(0, digest.exitCode(), digest.toString());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(random)),
                digest.stdout().split(" ")[0]);
        Commands.Result big = admin.run("exec", "web-2", "--", "sh", "-c", "head -c 5000000 /dev/zero | tr '\\0' x");
        assertEquals(0, big.exitCode(), big.stderr());
        assertEquals(5_000_000, big.stdout().length());
        assertTrue(big.stdout().chars().allMatch(c -> c == 'x'));
    }

    @Test
    void anUnknownServerExits4AndADisconnectedOneSaysSoAtOnce() {
        Commands.Result unknown = admin.run("exec", "server/nope", "--", "true");
        assertEquals(4, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("nope"), unknown.toString());

        Commands.Result offline = admin.run("exec", "server/web-3", "--", "true");
        assertEquals(5, offline.exitCode(), "unavailable, as from REST: " + offline);
        assertTrue(offline.stderr().contains("not connected"), offline.toString());

        Commands.Result missing = admin.run("exec", "server/web-1", "--", "no-such-program-here");
        assertTrue(missing.exitCode() != 0, missing.toString());
        assertTrue(missing.stderr().contains("no-such-program-here"), missing.toString());
    }

    @Test
    void theTimeoutKillsTheRemoteTreeAndExits124() {
        String marker = "317." + (System.nanoTime() % 1000);
        Commands.Result timedOut = admin.run("exec", "server/web-1", "--timeout", "2s", "--", "sleep", marker);
        assertEquals(124, timedOut.exitCode(), timedOut.toString());
        assertEquals(List.of(), Processes.running("sleep", marker), "the remote process was killed");
        JsonNode row = closedAuditRow("sleep " + marker);
        assertEquals("timed_out", Json.tree(row.path("details").asText()).path("outcome").asText(), row.toString());
    }

    @Test
    void everySessionIsAuditedWithItsCommandExitCodeAndBytes() throws Exception {
        String session = UUID.randomUUID().toString();
        Commands.Result ran = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString()).env("LABCTL_SESSION", session)
                .run("hello\n".getBytes(UTF_8), "exec", "server/db-1", "--", "sh", "-c", "cat; exit 5");
        assertEquals(5, ran.exitCode(), ran.toString());
        JsonNode row = closedAuditRow("sh -c 'cat; exit 5'");
        assertEquals("admin", row.path("user").asText());
        assertEquals(session, row.path("sessionId").asText());
        assertEquals("exec", row.path("action").asText());
        assertEquals("baremetal:lab:db-1", row.path("resource").asText());
        assertEquals("allowed", row.path("result").asText());
        JsonNode details = Json.tree(row.path("details").asText());
        assertEquals("exited", details.path("outcome").asText(), details.toString());
        assertEquals(5, details.path("exitCode").asInt());
        assertEquals(6, details.path("bytesIn").asLong());
        assertEquals(6, details.path("bytesOut").asLong());
        assertFalse(details.path("interactive").asBoolean());
        assertEquals("[\"sh\",\"-c\",\"cat; exit 5\"]", details.path("command").toString());
        assertTrue(details.path("end").isTextual());

        Commands.Result audit = admin.run("logs", "audit/" + session, "-o", "json");
        assertEquals(0, audit.exitCode(), audit.toString());
        assertTrue(audit.stdout().contains("cat; exit 5"), audit.stdout());
    }

    @Test
    void execNeedsTheExecPermissionOnEachServer() throws Exception {
        Path reader = dir.resolve("reader.yaml");
        ok(admin.run("create", "user", "reader", "--out", reader.toString()));
        ok(admin.run("create", "role", "lab-reader", "--allow", "read:baremetal:lab:*", "--allow", "exec:baremetal:lab:web-1"));
        ok(admin.run("bind", "role", "lab-reader", "--user", "reader"));
        Labctl asReader = new Labctl(dir, reader).env("HOME", dir.toString());

        Commands.Result denied = asReader.run("exec", "server/db-1", "--", "touch", dir.resolve("denied-ran").toString());
        assertEquals(3, denied.exitCode(), denied.toString());
        assertTrue(denied.stderr().contains("exec:baremetal:lab:db-1"), denied.toString());
        assertFalse(Files.exists(dir.resolve("denied-ran")), "nothing ran");
        Commands.Result allowed = asReader.run("exec", "server/web-1", "--", "echo", "hi");
        assertEquals(0, allowed.exitCode(), allowed.toString());
        assertEquals("hi\n", allowed.stdout());

        JsonNode rows = Json.tree(labd.get("/api/v1/audit?user=reader&action=exec&result=denied").body());
        assertTrue(rows.size() >= 1 && rows.get(0).path("resource").asText().equals("baremetal:lab:db-1"), rows.toString());

        // fan-out: the denied target is reported as denied, not skipped
        Commands.Result fanOut = asReader.run("exec", "-l", "role=web", "--", "echo", "hello");
        assertEquals(1, fanOut.exitCode(), fanOut.toString());
        assertTrue(fanOut.stdout().contains("web-1") && fanOut.stdout().contains("hello"), fanOut.toString());
        assertTrue(fanOut.stderr().contains("denied"), fanOut.toString());
    }

    @Test
    void fanOutRunsOnEveryMatchingServerAndReportsEachOutcome() {
        Commands.Result human = admin.run("exec", "-l", "role=web", "--", "sh", "-c", "echo one; echo two");
        assertEquals(1, human.exitCode(), "web-3 is unreachable: " + human);
        for (String server : List.of("web-1", "web-2")) {
            assertTrue(human.stdout().lines().filter(l -> l.startsWith(server) && l.endsWith("one")).count() == 1, human.toString());
            assertTrue(human.stdout().lines().filter(l -> l.startsWith(server) && l.endsWith("two")).count() == 1, human.toString());
        }
        assertFalse(human.stdout().contains("db-1"), human.toString());
        assertTrue(human.stderr().contains("unreachable") && human.stderr().contains("web-3"), human.toString());

        Commands.Result json = admin.run("exec", "-l", "role=web", "-o", "json", "--", "sh", "-c", "echo $0; exit 2");
        List<JsonNode> records = json.stdout().lines().map(Json::tree).toList();
        assertEquals(3, records.size(), json.toString());
        for (JsonNode record : records) {
            switch (record.path("server").asText()) {
                case "web-1", "web-2" -> {
                    assertEquals("failed", record.path("state").asText(), record.toString());
                    assertEquals(2, record.path("exitCode").asInt());
                    assertEquals("sh\n", record.path("stdout").asText());
                }
                case "web-3" -> assertEquals("unreachable", record.path("state").asText(), record.toString());
                default -> throw new AssertionError("unexpected record " + record);
            }
        }

        Commands.Result none = admin.run("exec", "-l", "role=nothing", "--", "true");
        assertEquals(4, none.exitCode(), none.toString());
    }

    /**
     * {@code labctl exec --env lab -- …} runs on every server of the environment, as -l does on the
     * servers with its labels; with no server and no selection labctl refuses, and so does labd.
     */
    @Test
    void anEnvironmentAloneIsASelectionAndNoSelectionIsRefused() {
        Commands.Result environment = admin.run("exec", "--env", "lab", "-o", "json", "--", "sh", "-c", "echo $0");
        assertEquals(1, environment.exitCode(), "web-3 is unreachable: " + environment);
        Map<String, String> states = new java.util.HashMap<>();
        environment.stdout().lines().map(Json::tree).forEach(record -> states.put(record.path("server").asText(),
                record.path("state").asText()));
        for (String server : List.of("web-1", "web-2", "db-1")) {
            assertEquals("succeeded", states.get(server), environment.toString());
        }
        assertEquals("unreachable", states.get("web-3"), environment.toString());
        Commands.Result human = admin.run("exec", "--cloud", "baremetal", "--env", "lab", "--", "true");
        assertTrue(human.stderr().contains("succeeded") && human.stderr().contains("1 unreachable (web-3)"), human.toString());

        Commands.Result nothing = admin.run("exec", "--", "true");
        assertEquals(2, nothing.exitCode(), nothing.toString());
        assertTrue(nothing.stderr().startsWith("error: name a server, such as labctl exec server/web-1 -- uptime, or select "
                + "servers with -l KEY=VALUE, --env ENV or --cloud CLOUD"), nothing.toString());
        Http.Response everything = labd.get("/api/v1/exec/targets");
        assertEquals(400, everything.status(), everything.body());
        assertTrue(everything.body().contains("a fan-out needs a selection of servers"), everything.body());
        Http.Response byEnvironment = labd.get("/api/v1/exec/targets?environment=lab");
        assertEquals(200, byEnvironment.status(), byEnvironment.body());
        assertTrue(Json.tree(byEnvironment.body()).findValuesAsText("name").containsAll(List.of("web-1", "web-2", "db-1", "web-3")),
                byEnvironment.body());
    }

    /** Resident memory of a process, in bytes. */
    private static long rss(long pid) {
        return Processes.procField(pid, "status", "VmRSS") * 1024;
    }

    /** The agent's JVM: bin/lab-agent execs java, so it is the process we started. */
    private static long agentPid(String name) {
        return agents.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().handle().pid();
    }

    /** Bytes a process has written so far. */
    private static long written(long pid) {
        return Processes.procField(pid, "io", "wchar");
    }

    @Test
    void aFastProducerAndASlowReaderKeepLabdAndTheAgentBounded() throws Exception {
        long labdBefore = rss(labd.pid());
        long agentBefore = rss(agentPid("db-1"));
        Process labctl = new ProcessBuilder(admin.command("exec", "server/db-1", "--", "head", "-c", "2G", "/dev/zero"))
                .directory(dir.toFile()).redirectError(dir.resolve("slow-reader.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long read = 0;
        long labdPeak = labdBefore;
        long agentPeak = agentBefore;
        long producedAhead = 0;
        byte[] chunk = new byte[16 * 1024];
        try (java.io.InputStream out = labctl.getInputStream()) {
            // a reader far slower than the producer: 16 KiB per 2 ms (8 MB/s), 64 MiB in all
            while (read < 64L * 1024 * 1024) {
                int n = out.read(chunk, 0, (int) Math.min(chunk.length, 64L * 1024 * 1024 - read));
                if (n < 0) {
                    break;
                }
                read += n;
                if (read % (4L * 1024 * 1024) < n) {
                    labdPeak = Math.max(labdPeak, rss(labd.pid()));
                    agentPeak = Math.max(agentPeak, rss(agentPid("db-1")));
                    for (ProcessHandle head : Processes.running("head", "2G")) {
                        producedAhead = Math.max(producedAhead, written(head.pid()) - read);
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        } finally {
            labctl.destroy();
            labctl.waitFor();
        }
        assertEquals(64L * 1024 * 1024, read, "labctl kept streaming: " + Files.readString(dir.resolve("slow-reader.err")));
        long mib = 1024 * 1024;
        System.out.printf("slow reader: producer at most %d KiB ahead of the reader; labd RSS %d -> peak %d MiB, "
                + "agent RSS %d -> peak %d MiB over 64 MiB read%n", producedAhead / 1024, labdBefore / mib, labdPeak / mib,
                agentBefore / mib, agentPeak / mib);
        // the producer writes at GB/s: without end-to-end flow control it would be hundreds of MiB ahead,
        // piled up in labd, the agent or labctl; with it, only the windows and the kernel's buffers are in flight
        assertTrue(producedAhead > 0, "the producer was observed");
        assertTrue(producedAhead < 16 * mib, "the producer ran " + producedAhead / mib + " MiB ahead of the reader");
        Await.until(Duration.ofSeconds(15), "the remote head ended with labctl", () -> Processes.running("head", "2G").isEmpty());
        assertTrue(labd.health().healthy());
    }

    /** tmux on its own server socket, for the interactive test. */
    private static Commands.Result tmux(String socket, String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        return Commands.run(dir, java.util.Map.of(), 30, command);
    }

    private static String screen(String socket) {
        return tmux(socket, "capture-pane", "-p", "-t", "t").stdout();
    }

    @Test
    void anInteractiveTerminalBehavesAsOverSsh() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux");
        String socket = "labctl-exec-" + ProcessHandle.current().pid();
        String labctl = String.join(" ", admin.command("exec", "server/web-1", "-it", "--", "bash", "--norc", "--noprofile"));
        String line = "env HOME=" + dir + " JAVA_HOME=" + Repo.javaHome() + " " + labctl
                + "; echo labctl-exited-$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e echo | tr '\\n' ' '; echo; sleep 60";
        ok(tmux(socket, "new-session", "-d", "-s", "t", "-x", "100", "-y", "30", line));
        try {
            Await.until(Duration.ofSeconds(30), "a remote bash prompt", () -> screen(socket).contains("bash-"));
            ok(tmux(socket, "send-keys", "-t", "t", "tty; stty size", "Enter"));
            Await.until(Duration.ofSeconds(15), "tty and the terminal's size",
                    () -> screen(socket).contains("/dev/pts/") && screen(socket).contains("30 100"));

            ok(tmux(socket, "resize-window", "-t", "t", "-x", "120", "-y", "40"));
            // the resize travels (SIGWINCH to labctl, a resize frame through labd, stty on the agent)
            // while the next command may already run, as over ssh: ask until the new size shows
            Await.until(Duration.ofSeconds(15), "the new size after a resize", () -> {
                ok(tmux(socket, "send-keys", "-t", "t", "clear; stty size", "Enter"));
                return screen(socket).contains("40 120");
            });

            ok(tmux(socket, "send-keys", "-t", "t", "clear; top -n1", "Enter"));
            Await.until(Duration.ofSeconds(15), "top drew its screen", () -> screen(socket).contains("Tasks:") && screen(socket).contains("%Cpu"));

            String marker = "323." + (System.nanoTime() % 1000);
            ok(tmux(socket, "send-keys", "-t", "t", "clear; sleep " + marker, "Enter"));
            Await.until(Duration.ofSeconds(15), "the sleep runs", () -> !Processes.running("sleep", marker).isEmpty());
            ok(tmux(socket, "send-keys", "-t", "t", "C-c"));
            Await.until(Duration.ofSeconds(15), "Ctrl-C interrupted the remote sleep", () -> Processes.running("sleep", marker).isEmpty());
            ok(tmux(socket, "send-keys", "-t", "t", "echo still-here", "Enter"));
            Await.until(Duration.ofSeconds(15), "the shell survived Ctrl-C", () -> screen(socket).contains("\nstill-here"));

            String stopped = "325." + (System.nanoTime() % 1000);
            ok(tmux(socket, "send-keys", "-t", "t", "clear; sleep " + stopped, "Enter"));
            Await.until(Duration.ofSeconds(15), "the second sleep runs", () -> !Processes.running("sleep", stopped).isEmpty());
            ok(tmux(socket, "send-keys", "-t", "t", "C-z"));
            Await.until(Duration.ofSeconds(15), "Ctrl-Z stopped it (job control)", () -> screen(socket).contains("Stopped"));
            ok(tmux(socket, "send-keys", "-t", "t", "kill -9 %1", "Enter"));
            Await.until(Duration.ofSeconds(15), "the stopped job killed", () -> Processes.running("sleep", stopped).isEmpty());

            // typed only once cat runs: a line typed ahead is echoed before `clear` wipes the screen
            ok(tmux(socket, "send-keys", "-t", "t", "clear; echo cat-started; cat; echo cat-ended", "Enter"));
            Await.until(Duration.ofSeconds(15), "cat started", () -> screen(socket).lines().anyMatch(l -> l.strip().equals("cat-started")));
            ok(tmux(socket, "send-keys", "-t", "t", "typed-line", "Enter"));
            Await.until(Duration.ofSeconds(15), "cat echoed the line", () -> screen(socket).split("typed-line", -1).length > 2);
            ok(tmux(socket, "send-keys", "-t", "t", "C-d"));
            Await.until(Duration.ofSeconds(15), "Ctrl-D ended cat's input", () -> screen(socket).contains("cat-ended"));

            ok(tmux(socket, "send-keys", "-t", "t", "exit 7", "Enter"));
            Await.until(Duration.ofSeconds(15), "labctl exited with the shell's code", () -> screen(socket).contains("labctl-exited-7"));
            Await.until(Duration.ofSeconds(15), "the local terminal is back in canonical mode with echo",
                    () -> screen(socket).contains("icanon echo"));
            ok(tmux(socket, "send-keys", "-t", "t", "C-c"));
            JsonNode row = closedAuditRow("bash --norc --noprofile");
            JsonNode details = Json.tree(row.path("details").asText());
            assertTrue(details.path("interactive").asBoolean(), "marked interactive: " + details);
            assertEquals(7, details.path("exitCode").asInt(), details.toString());
        } finally {
            System.out.println("the terminal at the end:\n" + screen(socket));
            tmux(socket, "kill-server");
        }
    }

    @Test
    void ctrlCReachesTheRemoteCommandAsSigint() throws Exception {
        String marker = "326." + (System.nanoTime() % 1000);
        Labctl.Started started = admin.start(null, "exec", "server/web-2", "--", "sh", "-c",
                "trap 'echo got-sigint; exit 3' INT; echo ready; sleep " + marker + " >/dev/null 2>&1 & wait");
        Await.until(Duration.ofSeconds(30), "the remote shell is ready", () -> started.stdout().contains("ready")
                && !Processes.running("sleep", marker).isEmpty());
        // what Ctrl-C does to labctl in a terminal: SIGINT to its process (bin/labctl execs the JVM)
        Commands.Result kill = Commands.run(dir, java.util.Map.of(), 10, List.of("kill", "-INT", Long.toString(started.process().pid())));
        assertEquals(0, kill.exitCode(), kill.toString());
        Commands.Result interrupted = started.await(30);
        assertEquals(3, interrupted.exitCode(), interrupted.toString());
        assertTrue(interrupted.stdout().contains("got-sigint"), interrupted.toString());
        for (ProcessHandle sleep : Processes.running("sleep", marker)) {
            sleep.destroyForcibly(); // the trap does not end the background sleep (its output went elsewhere, so exit did not wait)
        }
    }

    @Test
    void whenLabctlIsKilledMidRunTheRemoteProcessIsKilledAndTheSessionClosed() throws Exception {
        String marker = "318." + (System.nanoTime() % 1000);
        Labctl.Started started = admin.start(null, "exec", "server/web-2", "--", "sleep", marker);
        Await.until(Duration.ofSeconds(30), "the remote sleep runs", () -> !Processes.running("sleep", marker).isEmpty());
        started.process().destroyForcibly();
        Await.until(Duration.ofSeconds(15), "the remote sleep killed after labctl died", () -> Processes.running("sleep", marker).isEmpty());
        JsonNode row = closedAuditRow("sleep " + marker);
        assertEquals("client_gone", Json.tree(row.path("details").asText()).path("outcome").asText(), row.toString());
    }

    @Test
    void whenTheAgentIsKilledMidRunLabctlSaysSoAndTheCommandDiesWithIt() throws Exception {
        AgentProcess victim = AgentProcess.enroll(dir, labd, "victim-1").start();
        agents.add(victim);
        Await.until(Duration.ofSeconds(60), "victim-1 Ready",
                () -> Json.tree(labd.get("/api/v1/servers/victim-1").body()).path("server").path("status").asText().equals("Ready"));
        String marker = "319." + (System.nanoTime() % 1000);
        Labctl.Started started = admin.start(null, "exec", "server/victim-1", "--", "sleep", marker);
        Await.until(Duration.ofSeconds(30), "the remote sleep runs", () -> !Processes.running("sleep", marker).isEmpty());
        victim.kill();
        Commands.Result lost = started.await(30);
        assertTrue(lost.exitCode() != 0, lost.toString());
        assertTrue(lost.stderr().contains("victim-1"), lost.toString());
        Await.until(Duration.ofSeconds(15), "the command died with its agent (parent-death signal)",
                () -> Processes.running("sleep", marker).isEmpty());
        JsonNode row = closedAuditRow("sleep " + marker);
        assertEquals("lost", Json.tree(row.path("details").asText()).path("outcome").asText(), row.toString());
        Optional<ProcessHandle> none = Processes.running("sleep", marker).stream().findAny();
        assertTrue(none.isEmpty());
    }
}
