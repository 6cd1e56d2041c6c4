package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.CanIAnswer;
import org.labctl.api.PermissionsInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.Mappers;

/** {@code get permissions} and {@code auth can-i} against the stand-in. */
class AuthCommandsTest extends StandInCommandTest {

    @Test
    void getOwnPermissions() {
        labd.answer("GET", "/api/v1/auth/permissions", 200, Fixtures.BOB_PERMISSIONS);
        CliRun.Result result = run("get", "permissions");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                User:   bob
                Roles:  ops

                EFFECT   PERMISSION
                allow    manage:*:*:*
                allow    read:*:*:*
                deny     manage:*:*:users
                """, result.out());
        assertEquals(null, labd.requests().get(0).query());
    }

    @Test
    void getAnotherUsersPermissionsAsJson() throws IOException {
        labd.answer("GET", "/api/v1/auth/permissions", 200, Fixtures.BOB_PERMISSIONS);
        CliRun.Result result = run("get", "permission", "--user", "bob", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.BOB_PERMISSIONS, PermissionsInfo.class),
                Mappers.json().readValue(result.out(), PermissionsInfo.class));
        assertEquals("user=bob", labd.requests().get(0).query());
    }

    @Test
    void userWithoutRolesHoldsNoRules() {
        labd.answer("GET", "/api/v1/auth/permissions", 200, "{\"user\":\"erin\",\"roles\":[],\"allows\":[],\"denies\":[]}");
        CliRun.Result result = run("get", "permissions", "--user", "erin");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("User:   erin\nRoles:  <none>\n\nRules: <none>\n", result.out());
    }

    @Test
    void anotherUsersPermissionsWithoutReadOnRolesExitThree() {
        labd.answer("GET", "/api/v1/auth/permissions", 403, Fixtures.error(403, "permission_denied",
                "reading another user's permissions needs read:*:*:roles"));
        CliRun.Result result = run("get", "permissions", "--user", "admin");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: reading another user's permissions needs read:*:*:roles\n", result.err());
    }

    @Test
    void permissionsHaveNoWideForm() {
        CliRun.Result result = run("get", "permissions", "-o", "wide");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("'labctl get permissions' prints table, json or yaml, not wide"), result::toString);
    }

    @Test
    void canIYesExitsZero() {
        labd.answer("GET", "/api/v1/auth/can-i", 200, Fixtures.CAN_I_YES);
        CliRun.Result result = run("auth", "can-i", "exec", "server/web-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("yes\n", result.out());
        assertEquals("", result.err());
        assertEquals(List.of("action=exec", "resource=server/web-1"), labd.requests().get(0).parameters());
    }

    @Test
    void canINoExitsThree() {
        labd.answer("GET", "/api/v1/auth/can-i", 200, Fixtures.CAN_I_NO);
        CliRun.Result result = run("auth", "can-i", "manage", "users/erin");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("no\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void canIVerboseShowsTheRequestAndTheReason() {
        labd.answer("GET", "/api/v1/auth/can-i", 200, Fixtures.CAN_I_NO);
        CliRun.Result result = run("auth", "can-i", "-v", "manage", "users/erin");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("""
                no
                Request:  manage:*:*:users
                Reason:   manage:*:*:users is denied by the deny rule manage:*:*:users
                """, result.out());
    }

    @Test
    void canIJsonIsLabdsAnswerAndKeepsTheExitCode() throws IOException {
        labd.answer("GET", "/api/v1/auth/can-i", 200, Fixtures.CAN_I_NO);
        CliRun.Result result = run("auth", "can-i", "manage", "users/erin", "-o", "json");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.CAN_I_NO, CanIAnswer.class),
                Mappers.json().readValue(result.out(), CanIAnswer.class));
    }

    @Test
    void canIAnEnvironmentKeepsBothSlashes() {
        labd.answer("GET", "/api/v1/auth/can-i", 200, Fixtures.CAN_I_YES);
        CliRun.Result result = run("auth", "can-i", "*", "environment/baremetal/lab");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(List.of("action=*", "resource=environment/baremetal/lab"), labd.requests().get(0).parameters());
    }

    @Test
    void canIChecksTheActionAndTheResourceBeforeAsking() {
        CliRun.Result action = run("auth", "can-i", "reboot", "server/web-1");
        assertEquals(ExitCode.USAGE, action.exitCode(), action::toString);
        assertTrue(action.err().startsWith("error: the action must be one of read, exec, apply, destroy, manage, admin, kubectl "
                + "or *, not 'reboot'\n"), action::toString);
        for (String resource : List.of("web-1", "server/", "/web-1")) {
            CliRun.Result result = run("auth", "can-i", "exec", resource);
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: the resource is KIND/NAME, such as server/web-1, "
                    + "environment/baremetal/lab or users/all, not '" + resource + "'\n"), result::toString);
        }
        CliRun.Result missing = run("auth", "can-i", "exec");
        assertEquals(ExitCode.USAGE, missing.exitCode(), missing::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void canIAnUnknownKindIsLabdsUsageError() {
        labd.answer("GET", "/api/v1/auth/can-i", 400, Fixtures.error(400, "invalid_argument",
                "unknown kind 'cluster': server, environment, cloud, user, role, token or audit"));
        CliRun.Result result = run("auth", "can-i", "read", "cluster/k3s");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("error: unknown kind 'cluster': server, environment, cloud, user, role, token or audit\n", result.err());
    }

    @Test
    void authWithoutSubcommandIsAUsageError() {
        CliRun.Result result = run("auth");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: missing command: 'labctl auth' needs one of can-i"), result::toString);
    }
}
