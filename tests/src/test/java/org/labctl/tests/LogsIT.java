package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.api.module.ModuleFiles;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.JournalFiles;
import org.labctl.tests.harness.JournalFiles.Entry;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.Processes;
import org.labctl.tests.harness.Repo;

/**
 * {@code labctl logs} through a real labd to real lab-agents running as separate processes: the
 * agents run the real journalctl on journal files built by systemd-journal-remote (each agent is
 * started with {@code --journal-dir}), and read real files under their {@code --log-dir}.
 */
class LogsIT {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static LabdProcess labd;
    private static Path dir;
    private static Labctl admin;
    private static final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("logs");
        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        ok(admin.run("create", "environment", "lab", "--cloud", "baremetal"));
        for (String name : List.of("web-1", "web-2")) {
            JournalFiles.write(journal(name), List.of(
                    new Entry(NOW.minus(3, ChronoUnit.HOURS), "k3s.service", 6, name + " k3s started long ago"),
                    new Entry(NOW.minus(2, ChronoUnit.HOURS), "sshd.service", 6, name + " sshd accepted old key"),
                    new Entry(NOW.minus(10, ChronoUnit.MINUTES), "k3s.service", 3, name + " k3s failed to pull image"),
                    new Entry(NOW.minus(9, ChronoUnit.MINUTES), null, 2, name + " kernel: disk on fire"),
                    new Entry(NOW.minus(8, ChronoUnit.MINUTES), "sshd.service", 4, name + " sshd warning recent"),
                    new Entry(NOW.minus(7, ChronoUnit.MINUTES), "k3s.service", 6, name + " k3s node ready")));
            Files.createDirectories(logs(name));
            String token = ok(admin.run("create", "token", "--env", "lab", "--label", "role=web")).stdout().trim();
            agents.add(AgentProcess.enroll(dir, labd, name, token).start(List.of("--log-dir", logs(name).toString(),
                    "--journal-dir", journal(name).toString())));
        }
        Await.until(Duration.ofSeconds(60), "two agents Ready", () -> List.of("web-1", "web-2").stream()
                .allMatch(n -> Json.tree(labd.get("/api/v1/servers/" + n).body()).path("server").path("status").asText().equals("Ready")));
    }

    @AfterAll
    static void stop() {
        agents.forEach(AgentProcess::close);
        if (labd != null) {
            labd.close();
        }
    }

    private static Path journal(String server) {
        return dir.resolve("journal-" + server);
    }

    private static Path logs(String server) {
        return dir.resolve("logs-" + server);
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static List<String> lines(Commands.Result result) {
        return result.stdout().lines().toList();
    }

    @Test
    void journalOptionsSelectTheEntriesJournalctlWould() {
        List<String> all = lines(ok(admin.run("logs", "server/web-1")));
        assertEquals(6, all.size(), all.toString());
        assertTrue(all.get(0).endsWith("web-1 k3s started long ago"), all.toString());

        List<String> last = lines(ok(admin.run("logs", "server/web-1", "-n", "2")));
        assertEquals(2, last.size(), last.toString());
        assertTrue(last.get(1).endsWith("web-1 k3s node ready"), last.toString());

        List<String> k3s = lines(ok(admin.run("logs", "server/web-1", "-u", "k3s")));
        assertEquals(3, k3s.size(), k3s.toString());
        assertTrue(k3s.stream().allMatch(line -> line.contains(" k3s")), k3s.toString());
        assertEquals(5, lines(ok(admin.run("logs", "server/web-1", "-u", "k3s", "-u", "sshd.service"))).size());

        List<String> recent = lines(ok(admin.run("logs", "server/web-1", "--since", "1h ago")));
        assertEquals(4, recent.size(), recent.toString());
        List<String> old = lines(ok(admin.run("logs", "server/web-1", "--until", "1h ago")));
        assertEquals(2, old.size(), old.toString());

        List<String> kernel = lines(ok(admin.run("logs", "server/web-1", "-k")));
        assertEquals(1, kernel.size(), kernel.toString());
        assertTrue(kernel.get(0).endsWith("disk on fire"), kernel.toString());

        List<String> errors = lines(ok(admin.run("logs", "server/web-1", "-p", "err")));
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(3, lines(ok(admin.run("logs", "server/web-1", "-p", "warning"))).size());

        List<String> json = lines(ok(admin.run("logs", "server/web-1", "-u", "k3s", "-n", "1", "-o", "json")));
        assertEquals(1, json.size(), json.toString());
        JsonNode entry = Json.tree(json.get(0));
        assertEquals("web-1", entry.path("server").asText());
        assertEquals("web-1 k3s node ready", entry.path("MESSAGE").asText());
        assertEquals("k3s.service", entry.path("_SYSTEMD_UNIT").asText());
        assertEquals("6", entry.path("PRIORITY").asText());
    }

    @Test
    void journalOptionsAreValuesNeverOptionsAndMistakesAreUsageErrors() {
        // each value is checked and handed to journalctl as --name=value: nothing becomes another option
        Commands.Result sneaky = admin.run("logs", "server/web-1", "-u", "x --output=cat");
        assertEquals(2, sneaky.exitCode(), sneaky.toString());
        assertTrue(sneaky.stderr().contains("is not a systemd unit name"), sneaky.toString());
        Commands.Result time = admin.run("logs", "server/web-1", "--since", "yesterday; rm -rf /");
        assertEquals(2, time.exitCode(), time.toString());
        assertTrue(time.stderr().contains("--since takes a time"), time.toString());
    }

    @Test
    void followPrintsEntriesAsTheyAreWrittenAndCtrlCStopsTheRemoteJournalctl() throws Exception {
        String marker = "followed-" + UUID.randomUUID();
        Labctl.Started following = admin.start(null, "logs", "server/web-2", "-u", "k3s", "-f", "-n", "1");
        Await.until(Duration.ofSeconds(30), "the last k3s entry", () -> following.stdout().contains("web-2 k3s node ready") ? true : null);
        JournalFiles.write(journal("web-2"), List.of(new Entry(Instant.now(), "k3s.service", 6, marker),
                new Entry(Instant.now(), "sshd.service", 6, "not k3s " + marker)));
        Await.until(Duration.ofSeconds(30), "the new entry", () -> following.stdout().contains(marker) ? true : null);
        List<ProcessHandle> journalctl = Processes.running("journalctl", journal("web-2").toString());
        assertEquals(1, journalctl.size(), "one journalctl follows on web-2's agent: " + journalctl);

        // what Ctrl-C does to labctl in a terminal: SIGINT to its process
        ok(Commands.run(dir, Map.of(), 10, List.of("kill", "-INT", Long.toString(following.process().pid()))));
        Commands.Result stopped = following.await(30);
        assertTrue(stopped.exitCode() == 0 || stopped.exitCode() == 130, stopped.toString());
        assertFalse(stopped.stdout().contains("not k3s"), stopped.toString());
        Await.until(Duration.ofSeconds(15), "the remote journalctl stopped",
                () -> Processes.running("journalctl", journal("web-2").toString()).isEmpty() ? true : null);
    }

    @Test
    void aFileIsFollowedAcrossRenameAndCopytruncateRotation() throws Exception {
        Path log = logs("web-1").resolve("app.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        Labctl.Started following = admin.start(null, "logs", "server/web-1", "--file", log.toString(), "-n", "2", "-f");
        Await.until(Duration.ofSeconds(30), "the last two lines", () -> following.stdout().equals("two\nthree\n") ? true : null);

        Files.writeString(log, "four\n", StandardOpenOption.APPEND);
        Await.until(Duration.ofSeconds(30), "an appended line", () -> following.stdout().endsWith("four\n") ? true : null);

        // logrotate's default: rename, then a new file at the path
        Files.move(log, log.resolveSibling("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(log.resolveSibling("app.log.1"), "five (late, to the old file)\n", StandardOpenOption.APPEND);
        Files.writeString(log, "six (new file)\n");
        Await.until(Duration.ofSeconds(30), "the new file after the rename",
                () -> following.stdout().endsWith("five (late, to the old file)\nsix (new file)\n") ? true : null);

        // logrotate's copytruncate: the file is copied away and emptied in place
        Files.copy(log, log.resolveSibling("app.log.2"));
        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(log, "seven (after truncation)\n", StandardOpenOption.APPEND);
        Await.until(Duration.ofSeconds(30), "the line after copytruncate",
                () -> following.stdout().endsWith("seven (after truncation)\n") ? true : null);

        ok(Commands.run(dir, Map.of(), 10, List.of("kill", "-INT", Long.toString(following.process().pid()))));
        Commands.Result stopped = following.await(30);
        assertEquals(130, stopped.exitCode(), stopped.toString());
        assertEquals("two\nthree\nfour\nfive (late, to the old file)\nsix (new file)\nseven (after truncation)\n", stopped.stdout());

        Files.writeString(log, "a\nb\nc\n");
        assertEquals("b\nc\n", ok(admin.run("logs", "server/web-1", "--file", log.toString(), "-n", "2")).stdout());
        List<String> json = lines(ok(admin.run("logs", "server/web-1", "--file", log.toString(), "-n", "1", "-o", "json")));
        assertEquals(List.of("{\"server\":\"web-1\",\"file\":\"" + log + "\",\"message\":\"c\"}"), json);
    }

    @Test
    void pathsOutsideTheAllowedDirectoriesAreRefusedWhateverTheWay() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "do not show\n");
        Files.createSymbolicLink(logs("web-1").resolve("innocent.log"), secret);
        for (String path : List.of(logs("web-1") + "/../secret.txt", logs("web-1") + "/innocent.log", secret.toString(),
                "/etc/shadow")) {
            Commands.Result refused = admin.run("logs", "server/web-1", "--file", path);
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("this agent reads log files only under [" + logs("web-1").toRealPath() + "]"),
                    refused.toString());
            assertFalse(refused.stdout().contains("do not show") || refused.stderr().contains("do not show"), refused.toString());
            assertFalse(refused.stderr().contains(secret.toString()) && !path.equals(secret.toString()),
                    "the message does not reveal where a link leads: " + refused);
        }
        Commands.Result missing = admin.run("logs", "server/web-1", "--file", logs("web-1") + "/nope.log");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("no file " + logs("web-1") + "/nope.log on this server"), missing.toString());
        Commands.Result relative = admin.run("logs", "server/web-1", "--file", "app.log");
        assertEquals(2, relative.exitCode(), relative.toString());
    }

    @Test
    void severalServersAtOnceHaveTheirLinesPrefixed() {
        Commands.Result both = ok(admin.run("logs", "-l", "role=web", "--env", "lab", "-u", "k3s", "-p", "err"));
        List<String> lines = lines(both);
        assertTrue(lines.contains("web-1  | " + lines.stream().filter(l -> l.startsWith("web-1")).findFirst().orElseThrow()
                .substring("web-1  | ".length())), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("web-1  | ") && l.endsWith("web-1 k3s failed to pull image")).count(),
                lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("web-2  | ") && l.endsWith("web-2 k3s failed to pull image")).count(),
                lines.toString());
        assertEquals(2, lines.size(), lines.toString());
        List<String> json = lines(ok(admin.run("logs", "-l", "role=web", "-u", "k3s", "-n", "1", "-o", "json")));
        assertEquals(2, json.size(), json.toString());
        assertEquals(List.of("web-1", "web-2"), json.stream().map(l -> Json.tree(l).path("server").asText()).sorted().toList());
    }

    /**
     * The help's examples of several servers, as written there: --env alone selects the servers of
     * the environment; -l env=lab, which the help once showed, selects a label no server has, and
     * says what selects the environment instead.
     */
    @Test
    void anEnvironmentAloneSelectsItsServersAsTheHelpShows() {
        // short-lived, another test's server in lab whose agent is gone, may be there too: reported, never skipped
        Commands.Result environment = admin.run("logs", "--env", "lab", "-u", "k3s", "-p", "err", "--since", "1h ago");
        assertTrue(environment.stderr().contains(": 2 succeeded, 0 failed, 0 timed out, "), environment.toString());
        assertTrue(environment.exitCode() == 0 || environment.stderr().contains("1 unreachable (short-lived)"),
                environment.toString());
        for (String server : List.of("web-1", "web-2")) {
            assertTrue(environment.stdout().lines().anyMatch(line -> line.startsWith(server) && line.endsWith(server
                    + " k3s failed to pull image")), environment.toString());
        }
        Commands.Result label = admin.run("logs", "-l", "env=lab", "-u", "k3s");
        assertEquals(4, label.exitCode(), label.toString());
        assertTrue(label.stderr().contains("--env lab selects the servers in that environment"), label.toString());
    }

    /**
     * Every form of time labctl lets through ({@code org.labctl.api.LogRequest}), journalctl parses:
     * the agent's real journalctl exits 0 for each (it answered "Failed to parse timestamp", exit 1,
     * to values such as xyz that labctl used to send).
     */
    @Test
    void everyTimeLabctlAcceptsJournalctlParses() {
        for (String time : List.of("now", "today", "today UTC", "yesterday", "tomorrow", "@1700000000.5", "-30m", "+3h",
                "-1h 30min", "-1.5h", "1h ago", "3 days ago", "2h 30min ago", "1 minutes ago", "100 us ago", "1M ago", "2w ago",
                "1y2M3w4d5h6min7s8ms9us ago", "5 left", "2026-11-29", "26-11-29", "2026-1-5", "2026-11-29 10:00",
                "2026-11-29 10:00:05.123456", "2026-11-29 10:00:05 UTC", "Sat 2026-11-28 10:00", "10:00", "9:5",
                "10:00:05.5 UTC", "1970-01-02")) {
            ok(admin.run("logs", "server/web-1", "--since", time, "-n", "1"));
        }
        Commands.Result refused = admin.run("logs", "server/web-1", "--since", "xyz");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().startsWith("error: --since takes a time such as "), refused.toString());
    }

    @Test
    void theAgentsOwnLogIsReadable() {
        String log = ok(admin.run("logs", "agent/web-1", "-n", "200")).stdout();
        assertTrue(log.contains("lab-agent: connected to wss://"), log);
        assertTrue(log.lines().count() <= 200, log);
    }

    /**
     * {@code labctl logs module/NAME --server S}: the module's log is written by this test straight where the agent's
     * modules runtime writes it ({@link ModuleFiles#log}, in web-1's agent data directory), because getting a module
     * installed end to end on a real agent is slower and is ModulesIT's and agent/modules' tests' business; what is
     * real here is the path through labctl, labd's logs.module kind and the agent's handler.
     */
    @Test
    void whatAModuleDidOnAServerIsReadFromItsAgentAsItsOtherLogsAre() throws Exception {
        Path log = ModuleFiles.log(agents.get(0).data(), "clock");
        assertEquals(agents.get(0).data().resolve("modules/clock/module.log"), log);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "2026-12-07T10:00:00.000Z INFO install: chrony installed\n"
                + "2026-12-07T10:00:01.000Z INFO configure: zone=UTC\n2026-12-07T10:00:02.000Z WARN health: offset 120 ms\n");
        assertEquals(Files.readString(log), ok(admin.run("logs", "module/clock", "--server", "web-1")).stdout());
        assertEquals("2026-12-07T10:00:02.000Z WARN health: offset 120 ms\n",
                ok(admin.run("logs", "module/clock", "--server", "web-1", "--tail", "1")).stdout());
        List<String> json = lines(ok(admin.run("logs", "module/clock", "--server", "web-1", "-n", "1", "-o", "json")));
        assertEquals(List.of("{\"server\":\"web-1\",\"file\":\"module/clock\",\"message\":\"2026-12-07T10:00:02.000Z WARN health: "
                + "offset 120 ms\"}"), json);

        Labctl.Started following = admin.start(null, "logs", "module/clock", "--server", "web-1", "--tail", "1", "-f");
        Await.until(Duration.ofSeconds(30), "the last line", () -> following.stdout().endsWith("offset 120 ms\n") ? true : null);
        Files.writeString(log, "2026-12-07T10:00:03.000Z INFO health: healthy\n", StandardOpenOption.APPEND);
        Await.until(Duration.ofSeconds(30), "an appended line", () -> following.stdout().endsWith("health: healthy\n") ? true : null);
        ok(Commands.run(dir, Map.of(), 10, List.of("kill", "-INT", Long.toString(following.process().pid()))));
        assertEquals(130, following.await(30).exitCode());

        Commands.Result unknown = admin.run("logs", "module/nosuch", "--server", "web-1");
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().contains("module nosuch has not run on this server"), unknown.toString());
        Commands.Result elsewhere = admin.run("logs", "module/clock", "--server", "web-2");
        assertTrue(elsewhere.stderr().contains("module clock has not run on this server"), elsewhere.toString());
        Commands.Result escape = admin.run("logs", "module/../../etc", "--server", "web-1");
        assertEquals(2, escape.exitCode(), escape.toString());
        assertTrue(escape.stderr().contains("is not a module's name"), escape.toString());
        Commands.Result noServer = admin.run("logs", "module/clock");
        assertEquals(2, noServer.exitCode(), noServer.toString());

        Path nobody = dir.resolve("modlogs-nobody.yaml");
        ok(admin.run("create", "user", "modlogs-nobody", "--out", nobody.toString()));
        Commands.Result denied = new Labctl(dir, nobody).env("HOME", dir.toString()).run("logs", "module/clock", "--server", "web-1");
        assertEquals(3, denied.exitCode(), denied.toString());
        assertTrue(denied.stderr().contains("needs read:*:*:web-1"), denied.toString());

        JsonNode rows = Await.until(Duration.ofSeconds(30), "the audit rows of the module's log", () -> {
            List<JsonNode> reads = new ArrayList<>();
            Json.tree(labd.get("/api/v1/audit?action=read&limit=1000").body()).forEach(row -> {
                if (row.path("path").asText().startsWith("logs module/clock --server web-1")) {
                    reads.add(row);
                }
            });
            return reads.stream().anyMatch(r -> "denied".equals(r.path("result").asText()))
                    && reads.stream().anyMatch(r -> r.path("path").asText().equals("logs module/clock --server web-1 -n 1"))
                    ? Json.tree(reads.toString()) : null;
        });
        assertTrue(rows.toString().contains("\"resource\":\"baremetal:lab:web-1\""), rows.toString());
        assertFalse(rows.toString().contains("offset 120"), "never the log's content: " + rows);
    }

    @Test
    void readingLogsNeedsReadOnTheServerAndEveryReadIsAuditedWithoutItsContent() throws Exception {
        Path nobody = dir.resolve("nobody.yaml");
        Path reader = dir.resolve("reader.yaml");
        ok(admin.run("create", "user", "logs-nobody", "--out", nobody.toString()));
        ok(admin.run("create", "user", "logs-reader", "--out", reader.toString()));
        ok(admin.run("create", "role", "web-1-reader", "--allow", "read:baremetal:lab:web-1"));
        ok(admin.run("bind", "role", "web-1-reader", "--user", "logs-reader"));
        Labctl asNobody = new Labctl(dir, nobody).env("HOME", dir.toString());
        Labctl asReader = new Labctl(dir, reader).env("HOME", dir.toString());

        Commands.Result denied = asNobody.run("logs", "server/web-1", "-u", "k3s");
        assertEquals(3, denied.exitCode(), denied.toString());
        // logs-nobody may not read web-1, so it is refused like an unknown server, naming no placement
        assertTrue(denied.stderr().contains("needs read:*:*:web-1"), denied.toString());
        Commands.Result unknown = asNobody.run("logs", "server/web-nope", "-u", "k3s");
        assertEquals(denied.stderr().replace("web-1", "NAME"), unknown.stderr().replace("web-nope", "NAME"));
        Commands.Result otherServer = asReader.run("logs", "server/web-2", "-u", "k3s");
        assertEquals(3, otherServer.exitCode(), otherServer.toString());
        Commands.Result allowed = ok(asReader.run("logs", "server/web-1", "-u", "k3s", "-n", "1"));
        assertTrue(allowed.stdout().contains("web-1 k3s node ready"), allowed.toString());

        JsonNode rows = Await.until(Duration.ofSeconds(30), "the audit rows of the reads", () -> {
            JsonNode found = Json.tree(labd.get("/api/v1/audit?action=read&limit=1000").body());
            List<JsonNode> reads = new ArrayList<>();
            found.forEach(row -> {
                if (row.path("path").asText().startsWith("logs server/web-") && row.path("user").asText().startsWith("logs-")) {
                    reads.add(row);
                }
            });
            return reads.size() >= 3 && reads.stream().noneMatch(r -> r.path("durationMs").isNull()) ? Json.tree(reads.toString()) : null;
        });
        String text = rows.toString();
        assertTrue(text.contains("\"user\":\"logs-nobody\"") && text.contains("\"result\":\"denied\""), text);
        assertTrue(text.contains("\"path\":\"logs server/web-1 -u k3s -n 1\""), text);
        assertTrue(text.contains("\"resource\":\"baremetal:lab:web-1\""), text);
        assertFalse(text.contains("node ready"), "the audit log records who read which log, never its content: " + text);
    }

    @Test
    void anAgentThatGoesAwayEndsTheFollowWithAClearErrorAndNonZeroExit() throws Exception {
        String token = ok(admin.run("create", "token", "--env", "lab")).stdout().trim();
        Path logDir = logs("short-lived");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("x.log");
        Files.writeString(log, "before\n", StandardCharsets.UTF_8);
        AgentProcess agent = AgentProcess.enroll(dir, labd, "short-lived", token).start(List.of("--log-dir", logDir.toString()));
        try {
            Await.until(Duration.ofSeconds(60), "short-lived Ready", () -> Json.tree(labd.get("/api/v1/servers/short-lived").body())
                    .path("server").path("status").asText().equals("Ready") ? true : null);
            Labctl.Started following = admin.start(null, "logs", "server/short-lived", "--file", log.toString(), "-f");
            Await.until(Duration.ofSeconds(30), "the line", () -> following.stdout().contains("before") ? true : null);
            agent.kill();
            Commands.Result lost = following.await(30);
            assertEquals(255, lost.exitCode(), lost.toString());
            assertTrue(lost.stderr().contains("short-lived"), lost.toString());
        } finally {
            agent.close();
        }
    }
}
