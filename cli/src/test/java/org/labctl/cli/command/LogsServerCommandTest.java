package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.WebSocketStandIn;

/** {@code labctl logs server|agent} through the real command line, against a stand-in labd ({@link WebSocketStandIn}). */
class LogsServerCommandTest {

    @TempDir
    Path home;

    private WebSocketStandIn labd;
    private String config;

    @BeforeEach
    void startStandIn() throws IOException {
        labd = new WebSocketStandIn();
        config = labd.writeConfig(home).toString();
    }

    @AfterEach
    void stop() throws IOException {
        labd.close();
    }

    /** The run, within a deadline: a request that passed labctl's checks would wait for the stand-in's answer. */
    private CliRun.Result run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new CliRun(home).env("LABCTL_CONFIG", config).run(args),
                () -> "labctl did not refuse " + List.of(args) + " itself");
    }

    /** The README's promise: labctl checks --since and --until itself and exits 2 before anything reaches labd. */
    @Test
    void aTimeJournalctlCannotParseIsAUsageErrorBeforeAnythingIsSent() {
        for (List<String> args : List.of(List.of("logs", "server/web-1", "--since", "xyz"),
                List.of("logs", "server/web-1", "--until", "xyz"),
                List.of("logs", "-l", "rack=r1", "--since", "xyz"),
                List.of("logs", "server/web-1", "--since", "60 years ago"))) {
            CliRun.Result result = run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: --" + args.get(args.size() - 2).substring(2) + " takes a time such as "
                    + "\"2026-11-29 10:00\", \"1h ago\", \"-30m\" or \"today\", not \"" + args.get(args.size() - 1) + "\""),
                    result::toString);
            assertTrue(result.err().contains("Run 'labctl logs server --help' for details and examples."), result::toString);
            assertEquals("", result.out());
        }
        assertEquals(List.of(), labd.requestsSoFar(), "nothing reached labd");
    }

    /** {@code labctl logs --env lab}: the logs of every server of the environment the caller may read, as with -l. */
    @Test
    void anEnvironmentAloneSelectsItsServers() throws InterruptedException {
        labd.answer("/api/v1/exec/targets", """
                [{"name":"web-1","cloud":"baremetal","environment":"lab","connected":false,"allowed":true,"reason":null}]""");
        CliRun.Result result = run("logs", "--env", "lab", "-u", "k3s");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains("1 server: 0 succeeded, 0 failed, 0 timed out, 1 unreachable"), result::toString);
        assertEquals("GET /api/v1/exec/targets?environment=lab&action=read HTTP/1.1", labd.nextRequest());
        CliRun.Result selected = run("logs", "--cloud=baremetal", "-l", "rack=r1,tier=gold", "-n", "5");
        assertEquals(ExitCode.ERROR, selected.exitCode(), selected::toString);
        assertEquals("GET /api/v1/exec/targets?selector=rack%3Dr1%2Ctier%3Dgold&cloud=baremetal&action=read HTTP/1.1",
                labd.nextRequest());
    }

    /** {@code labctl logs module/NAME --server S}: NAME is module.yaml's name or a usage error, before anything is sent. */
    @Test
    void aModulesLogNeedsAModulesNameAndAServer() {
        for (String name : List.of("../../etc", "Clock", "a/b")) {
            CliRun.Result result = run("logs", "module/" + name, "--server", "web-1");
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("is not a module's name"), result::toString);
        }
        CliRun.Result noServer = run("logs", "module/clock", "--tail", "5");
        assertEquals(ExitCode.USAGE, noServer.exitCode(), noServer::toString);
        assertTrue(noServer.err().contains("--server"), noServer::toString);
        CliRun.Result journal = run("logs", "module/clock", "--server", "web-1", "-u", "k3s");
        assertEquals(ExitCode.USAGE, journal.exitCode(), journal::toString);
        assertEquals(List.of(), labd.requestsSoFar(), "nothing reached labd");
    }

    @Test
    void aServerOrASelectionIsNeededAndNotBoth() {
        CliRun.Result none = run("logs", "server", "-u", "k3s");
        assertEquals(ExitCode.USAGE, none.exitCode(), none::toString);
        assertTrue(none.err().startsWith("error: name a server, such as labctl logs server/web-1, or select servers with "
                + "-l KEY=VALUE, --env ENV or --cloud CLOUD\n"), none::toString);
        CliRun.Result both = run("logs", "server/web-1", "--env", "lab");
        assertEquals(ExitCode.USAGE, both.exitCode(), both::toString);
        assertTrue(both.err().startsWith("error: give either a server or a selection of servers (-l, --env, --cloud), not "
                + "both: web-1 is one server\n"), both::toString);
        CliRun.Result badLabel = run("logs", "-l", "rack", "-u", "k3s");
        assertEquals(ExitCode.USAGE, badLabel.exitCode(), badLabel::toString);
        assertTrue(badLabel.err().startsWith("error: -l: label selector 'rack' is not KEY=VALUE"), badLabel::toString);
        assertEquals(List.of(), labd.requestsSoFar(), "nothing reached labd");
    }
}
