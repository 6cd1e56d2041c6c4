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
}
