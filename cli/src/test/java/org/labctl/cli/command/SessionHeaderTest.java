package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.Session;

/** Every request carries the invocation's session id in {@code X-Labctl-Session}, for labd's audit log. */
class SessionHeaderTest extends StandInCommandTest {

    @Test
    void eachInvocationSendsARandomSessionIdOfItsOwn() {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        assertEquals(ExitCode.OK, run("get", "roles").exitCode());
        assertEquals(ExitCode.OK, run("get", "roles").exitCode());
        List<String> sessions = labd.header(Session.HEADER);
        assertEquals(2, sessions.size(), sessions::toString);
        for (String session : sessions) {
            assertTrue(session != null && session.matches("[0-9a-f]{32}"), sessions::toString);
        }
        assertNotEquals(sessions.get(0), sessions.get(1));
    }

    @Test
    void labctlSessionGroupsInvocations() {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        CliRun labctl = cli().env(Session.ENV, "deploy-42.run_7");
        assertEquals(ExitCode.OK, labctl.run("get", "roles").exitCode());
        assertEquals(ExitCode.OK, labctl.run("get", "roles", "-o", "json").exitCode());
        assertEquals(List.of("deploy-42.run_7", "deploy-42.run_7"), labd.header(Session.HEADER));
    }

    @Test
    void anEmptyLabctlSessionMeansARandomOne() {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        assertEquals(ExitCode.OK, cli().env(Session.ENV, "").run("get", "roles").exitCode());
        assertTrue(labd.header(Session.HEADER).get(0).matches("[0-9a-f]{32}"), labd.header(Session.HEADER)::toString);
    }

    @Test
    void aLabctlSessionLabdWouldIgnoreIsRefusedBeforeAnyRequest() {
        for (String bad : List.of("deploy 42", "a".repeat(65), "ünïcode", "tab\there")) {
            CliRun.Result result = cli().env(Session.ENV, bad).run("get", "roles");
            assertEquals(ExitCode.USAGE, result.exitCode(), "a bad setting is a usage error: " + result);
            assertTrue(result.err().startsWith("error: LABCTL_SESSION must be 1 to 64 letters, digits, '.', '_' or '-', "
                    + "such as deploy-42, not '"), result::toString);
            assertTrue(!result.err().contains("\t"), "control characters are escaped: " + result.err());
        }
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void commandsThatNeverContactLabdIgnoreABadLabctlSession() {
        CliRun.Result result = cli().env(Session.ENV, "not a session").run("version", "--client");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    }
}
