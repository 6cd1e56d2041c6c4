package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.labctl.api.AuditRecord;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.Mappers;
import org.labctl.cli.Session;

/** {@code logs audit} once and followed, against the stand-in. */
class LogsAuditCommandTest extends StandInCommandTest {

    @Test
    void auditTable() {
        labd.answer("GET", "/api/v1/audit", 200, Fixtures.AUDIT);
        CliRun.Result result = run("logs", "audit");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                TIME                   USER    SESSION     METHOD   PATH                    ACTION    RESOURCE              RESULT    STATUS   MS
                2026-11-28T21:58:00Z   admin   4f1c2a9b…   POST     /api/v1/roles           manage    *:*:roles             allowed   201      14
                2026-11-28T21:59:30Z   bob     deploy-4…   DELETE   /api/v1/users/dave      manage    *:*:users             denied    403      3
                2026-11-28T21:59:58Z   -       -           GET      /api/v1/users           -         -                     denied    401      1
                2026-11-28T21:59:59Z   admin   4f1c2a9b…   DELETE   /api/v1/servers/web-1   destroy   baremetal:lab:web-1   error     -        -
                """, result.out());
        assertEquals("", result.err());
        assertEquals(List.of("limit=1000"), labd.requests().get(0).parameters());
    }

    @Test
    void auditWideShowsWholeSessionsSourcesRequestsAndDetails() {
        labd.answer("GET", "/api/v1/audit", 200, Fixtures.AUDIT);
        CliRun.Result result = run("logs", "audit", "-o", "wide");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).matches("TIME +USER +SESSION +METHOD +PATH +ACTION +RESOURCE +RESULT +STATUS +MS +SOURCE"
                + " +REQUEST-ID +DETAILS"), lines.get(0));
        assertTrue(lines.get(1).contains(" " + Fixtures.SESSION_ID + " "), lines.get(1));
        assertTrue(lines.get(2).endsWith("10.0.0.7    r-2          "
                + "{\"reason\":\"manage:*:*:users is denied by the deny rule manage:*:*:users\"}"), lines.get(2));
    }

    @Test
    void auditJsonIsTheListLabdReturned() throws IOException {
        labd.answer("GET", "/api/v1/audit", 200, Fixtures.AUDIT);
        CliRun.Result result = run("logs", "audit", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.AUDIT, new TypeReference<List<AuditRecord>>() { }),
                Mappers.json().readValue(result.out(), new TypeReference<List<AuditRecord>>() { }));
    }

    @Test
    void filtersBecomeLabdsQuery() {
        labd.answer("GET", "/api/v1/audit", 200, "[]");
        CliRun.Result result = run("logs", "audit", "--user", "bob", "--action", "manage", "--result", "denied",
                "--since", "1h", "--until", "2026-11-28T22:59:00+01:00", "--limit", "50");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(List.of("user=bob", "action=manage", "result=denied", "since=2026-11-28T21:00:00Z",
                "until=2026-11-28T21:59:00Z", "limit=50"), labd.requests().get(0).parameters());
        assertEquals("", result.out());
        assertEquals("No audit records found.\n", result.err());
    }

    @Test
    void sinceTakesDurationsAndTimes() {
        labd.answer("GET", "/api/v1/audit", 200, "[]");
        for (String since : List.of("30s", "15m", "7d", "1h30m", "2026-11-28T10:00:00Z")) {
            assertEquals(ExitCode.OK, run("logs", "audit", "--since", since).exitCode(), since);
        }
        assertEquals(List.of("2026-11-28T21:59:30Z", "2026-11-28T21:45:00Z", "2026-11-21T22:00:00Z", "2026-11-28T20:30:00Z",
                "2026-11-28T10:00:00Z"), labd.requests().stream()
                .map(request -> request.parameters().get(0).substring("since=".length())).toList());
    }

    @Test
    void oneSessionAsKindSlashName() {
        labd.answer("GET", "/api/v1/audit", 200, Fixtures.AUDIT);
        CliRun.Result result = run("logs", "audit/deploy-42");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(List.of("session=deploy-42", "limit=1000"), labd.requests().get(0).parameters());
    }

    @Test
    void badFiltersAreUsageErrorsAndAskNothing() {
        List<List<String>> commandLines = List.of(
                List.of("logs", "audit", "--result", "ok"),
                List.of("logs", "audit", "--action", "reboot"),
                List.of("logs", "audit", "--limit", "0"),
                List.of("logs", "audit", "--limit", "10001"),
                List.of("logs", "audit", "--since", "yesterday"),
                List.of("logs", "audit", "--since", "1h", "--until", "2h"),
                List.of("logs", "audit", "-f", "--until", "2026-11-28T21:00:00Z"),
                List.of("logs", "audit/not a session"));
        List<String> errors = List.of(
                "error: --result must be one of allowed, denied, error, not 'ok'\n",
                "error: --action must be one of read, exec, apply, destroy, manage, admin, kubectl, not 'reboot'\n",
                "error: --limit must be between 1 and 10000, not 0\n",
                "error: --limit must be between 1 and 10000, not 10001\n",
                "error: --since: 'yesterday' is neither a duration such as 30s, 15m, 1h or 7d nor an ISO-8601 time "
                        + "such as 2026-11-29T10:00:00Z\n",
                "error: --since 1h is not before --until 2h: no row can match\n",
                "error: --until and --follow do not go together: --follow waits for rows still to come\n",
                "error: 'not a session' is not a session id: 1 to 64 letters, digits, '.', '_' or '-' "
                        + "(labctl logs audit -o wide shows them)\n");
        for (int i = 0; i < commandLines.size(); i++) {
            CliRun.Result result = run(commandLines.get(i).toArray(String[]::new));
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith(errors.get(i)), result::toString);
        }
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void readingTheAuditLogWithoutPermissionExitsThree() {
        labd.answer("GET", "/api/v1/audit", 403, Fixtures.error(403, "permission_denied",
                "missing permission read:*:*:audit: no allow rule matches it"));
        CliRun.Result result = run("logs", "audit");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: missing permission read:*:*:audit: no allow rule matches it\n", result.err());
    }

    @Test
    void logsOfAppsNeedTheirCluster() {
        // an app's logs need the cluster it runs on, and either its name or a selector
        CliRun.Result noCluster = run("logs", "app/web", "-f");
        assertEquals(ExitCode.USAGE, noCluster.exitCode(), noCluster::toString);
        assertTrue(noCluster.err().contains("--cluster"), noCluster::toString);
        CliRun.Result both = run("logs", "app/web", "--cluster", "lab", "-l", "app=web");
        assertEquals(ExitCode.USAGE, both.exitCode(), both::toString);
        assertTrue(both.err().startsWith("error: name an app (labctl logs app/NAME --cluster C) or select pods with --selector"),
                both::toString);
        CliRun.Result badSince = run("logs", "--cluster", "lab", "-l", "app=web", "--since", "yesterday");
        assertEquals(ExitCode.USAGE, badSince.exitCode(), badSince::toString);
        assertTrue(badSince.err().contains("--since takes a duration such as 30s"), badSince::toString);
        CliRun.Result unknown = run("logs", "clusters");
        assertEquals(ExitCode.USAGE, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().startsWith("error: unknown kind 'clusters' for 'labctl logs': known kinds are audit, "),
                unknown::toString);
        assertTrue(unknown.err().contains("(for a server's logs write server/clusters)"), unknown::toString);
        CliRun.Result none = run("logs");
        assertEquals(ExitCode.USAGE, none.exitCode(), none::toString);
        assertTrue(none.err().startsWith("error: missing kind: 'labctl logs' needs one of audit, "), none::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void serverLogOptionsAreCheckedBeforeLabdIsAsked() {
        assertUsage("-p takes a level", "logs", "server/web-1", "-p", "error");
        assertUsage("\"a;b\" is not a systemd unit name", "logs", "server/web-1", "-u", "a;b");
        assertUsage("--since takes a time", "logs", "server/web-1", "--since", "1h' ago");
        assertUsage("-n takes a number of entries from 0 to", "logs", "server/web-1", "-n", "-5");
        assertUsage("--file needs the absolute path", "logs", "server/web-1", "--file", "../etc/shadow");
        assertUsage("-u, -k select journal entries: leave them out with --file", "logs", "server/web-1", "--file",
                "/var/log/syslog", "-u", "sshd", "-k");
        assertUsage("give either a server or a selection of servers (-l, --env, --cloud), not both", "logs", "server/web-1",
                "-l", "role=web");
        assertUsage("give either a server or a selection of servers", "logs", "server/web-1", "--env", "lab");
        assertUsage("name a server", "logs", "server", "-u", "sshd");
        assertUsage("-l: label selector 'env' is not KEY=VALUE", "logs", "-l", "env", "-f");
        assertUsage("prints table or json, not yaml", "logs", "agent/web-1", "-o", "yaml");
        assertEquals(List.of(), labd.requests());
    }

    private void assertUsage(String expected, String... args) {
        CliRun.Result result = run(args);
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains(expected), result::toString);
    }

    /**
     * Follows with JSON Lines: a poll repeats rows of the overlap, brings a row that committed late
     * (older than one already printed) and labctl's own read of the log; each row is printed once,
     * the own read never, and every poll starts 5 s before the newest row seen.
     */
    @Test
    void followPrintsEachRowOnceAsJsonLines() throws Exception {
        List<AuditRecord> rows = Mappers.json().readValue(Fixtures.AUDIT, new TypeReference<List<AuditRecord>>() { });
        AuditRecord lateRow = row("late", "2026-11-28T21:59:57Z", "bob", "s-2", "GET", "/api/v1/servers");
        AuditRecord ownRead = row("own", "2026-11-28T21:59:31Z", "admin", "follow-1", "GET", "/api/v1/audit");
        List<List<AuditRecord>> answers = List.of(
                rows.subList(0, 2),
                List.of(rows.get(1), ownRead, rows.get(2)),
                List.of(rows.get(2), lateRow, rows.get(3)));
        AtomicInteger polls = new AtomicInteger();
        List<String> sinces = new CopyOnWriteArrayList<>();
        labd.answer("GET", "/api/v1/audit", 200, request -> {
            sinces.add(request.parameters().stream().filter(p -> p.startsWith("since=")).findFirst().orElse("none"));
            try {
                return Mappers.json().writeValueAsString(answers.get(Math.min(polls.getAndIncrement(), answers.size() - 1)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread following = start(cli().env(Session.ENV, "follow-1"), "logs", "audit", "--since", "10m", "-f", "-o", "json");
        // polls follow one another: the fifth is sent once the answers of the first four are printed
        waitForRequests(5);
        CliRun.Result result = stop(following);
        List<String> lines = result.out().lines().toList();
        List<String> printed = new ArrayList<>();
        for (String line : lines) {
            printed.add(Mappers.json().readValue(line, AuditRecord.class).id());
        }
        assertEquals(List.of(rows.get(0).id(), rows.get(1).id(), rows.get(2).id(), "late", rows.get(3).id()), printed,
                result::toString);
        assertEquals(List.of("since=2026-11-28T21:50:00Z", "since=2026-11-28T21:59:25.500Z", "since=2026-11-28T21:59:53.000001Z",
                "since=2026-11-28T21:59:54Z", "since=2026-11-28T21:59:54Z"), sinces.subList(0, 5));
        assertTrue(labd.requests().get(1).parameters().contains("limit=10000"), labd.requests()::toString);
        assertTrue(labd.header(Session.HEADER).stream().allMatch("follow-1"::equals), labd.header(Session.HEADER)::toString);
        assertEquals("", result.err());
    }

    @Test
    void followRidesOutAnUnavailableLabd() throws Exception {
        labd.answer("GET", "/api/v1/audit", 200, "[]");
        Thread following = start(cli(), "logs", "audit", "-f");
        waitForRequests(2);
        labd.answer("GET", "/api/v1/audit", 503, Fixtures.error(503, "unavailable", "the database is down"));
        waitForRequests(4);
        labd.answer("GET", "/api/v1/audit", 200, Fixtures.AUDIT);
        // polls follow one another: the sixth is sent once the fifth, the first to get the rows, is printed
        waitForRequests(6);
        CliRun.Result result = stop(following);
        assertEquals(5, result.out().lines().count(), () -> "the header and four rows, each once: " + result);
        assertEquals("error: labd at " + labd.url() + " is unavailable: the database is down (still following: trying "
                + "again every second)\nlabd at " + labd.url() + " answers again\n", result.err());
    }

    @Test
    void followStopsOnErrorsThatStay() throws Exception {
        labd.answer("GET", "/api/v1/audit", 200, "[]");
        Thread following = start(cli(), "logs", "audit", "-f");
        waitForRequests(1);
        labd.answer("GET", "/api/v1/audit", 403, Fixtures.error(403, "permission_denied", "role viewer was unbound"));
        following.join(Duration.ofSeconds(30).toMillis());
        assertFalse(following.isAlive(), "labctl logs audit -f did not end");
        assertEquals(ExitCode.PERMISSION_DENIED, results.get().exitCode(), results.get()::toString);
        assertEquals("error: role viewer was unbound\n", results.get().err());
    }

    private final AtomicReference<CliRun.Result> results = new AtomicReference<>();

    /**
     * Runs labctl in a thread of its own, as a user runs {@code -f} until Ctrl-C. The stand-in records a
     * request before it chooses the answer: a test that changes the answer after seeing request n
     * knows that request n+1, a second later, gets the new one.
     */
    private Thread start(CliRun labctl, String... args) {
        Thread following = new Thread(() -> results.set(labctl.run(args)), "labctl-follow");
        following.start();
        return following;
    }

    private void waitForRequests(int requests) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (labd.requests().size() < requests && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertTrue(labd.requests().size() >= requests, () -> "only " + labd.requests().size() + " requests: " + results.get());
    }

    /** Interrupts labctl, as Ctrl-C ends it, and returns what it did. */
    private CliRun.Result stop(Thread following) throws InterruptedException {
        following.interrupt();
        following.join(Duration.ofSeconds(30).toMillis());
        assertFalse(following.isAlive(), "labctl logs audit -f did not stop when interrupted");
        assertEquals(ExitCode.OK, results.get().exitCode(), results.get()::toString);
        return results.get();
    }

    private static AuditRecord row(String id, String at, String user, String session, String method, String path) {
        return new AuditRecord(id, at, user, session, "r-" + id, method, path, "read", "*:*:servers", "allowed", 200, 2,
                "127.0.0.1", null);
    }
}
