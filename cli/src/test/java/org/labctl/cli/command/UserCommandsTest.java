package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.UserInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;

/** {@code get users}, {@code describe user} and {@code delete user} against the stand-in for labd. */
class UserCommandsTest extends StandInCommandTest {

    @Test
    void getUsersTable() {
        labd.answer("GET", "/api/v1/users", 200, Fixtures.USERS);
        CliRun.Result result = run("get", "users");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME    CREATED-BY   AGE   CERTIFICATES   EXPIRES
                admin   labd         27d   1/1            337d
                dave    admin        3d    1/2            90d
                """, result.out());
        assertEquals("", result.err());
    }

    @Test
    void getUsersWideAddsCreatedAndDescription() {
        labd.answer("GET", "/api/v1/users", 200, Fixtures.USERS);
        CliRun.Result result = run("get", "user", "-o", "wide");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME    CREATED-BY   AGE   CERTIFICATES   EXPIRES   CREATED                DESCRIPTION
                admin   labd         27d   1/1            337d      2026-11-01T10:00:00Z   created on first start
                dave    admin        3d    1/2            90d       2026-11-25T22:00:00Z   on-call SRE
                """, result.out());
    }

    @Test
    void getUsersJsonIsTheListLabdReturned() throws IOException {
        labd.answer("GET", "/api/v1/users", 200, Fixtures.USERS);
        CliRun.Result result = run("get", "users", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<UserInfo> users = Mappers.json().readValue(result.out(), new TypeReference<List<UserInfo>>() { });
        assertEquals(Mappers.json().readValue(Fixtures.USERS, new TypeReference<List<UserInfo>>() { }), users);
        assertTrue(result.out().startsWith("[\n  {\n    \"name\": \"admin\",\n"), result::out);
    }

    @Test
    void outputOptionMayComeBeforeTheKind() throws IOException {
        labd.answer("GET", "/api/v1/users", 200, Fixtures.USERS);
        CliRun.Result result = run("get", "-o", "yaml", "users");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(2, Mappers.yaml().readValue(result.out(), List.class).size());
    }

    @Test
    void getOneUserAsKindSlashName() {
        labd.answer("GET", "/api/v1/users/dave", 200, Fixtures.DAVE);
        CliRun.Result result = run("get", "user/dave");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME   CREATED-BY   AGE   CERTIFICATES   EXPIRES
                dave   admin        3d    1/2            90d
                """, result.out());
        assertEquals("GET /api/v1/users/dave", labd.requests().get(0).method() + " " + labd.requests().get(0).path());
    }

    @Test
    void noUsersSaysSoOnStderr() {
        labd.answer("GET", "/api/v1/users", 200, "[]");
        CliRun.Result result = run("get", "users");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals("No users found.\n", result.err());
    }

    @Test
    void describeUser() {
        labd.answer("GET", "/api/v1/users/dave", 200, Fixtures.DAVE);
        CliRun.Result result = run("describe", "user/dave");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Name:         dave
                Description:  on-call SRE
                Created by:   admin
                Created:      2026-11-25T22:00:00Z (3d ago)

                Certificates:
                SERIAL   EXPIRES                         REVOKED
                7b2e     2026-12-25T22:00:00Z (in 27d)   2026-11-26T08:00:00Z
                9c3d     2027-02-26T22:00:00Z (in 90d)   -
                """, result.out());
    }

    @Test
    void describeUserAsTwoWordsInYaml() throws IOException {
        labd.answer("GET", "/api/v1/users/dave", 200, Fixtures.DAVE);
        CliRun.Result result = run("describe", "user", "dave", "-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        UserInfo dave = Mappers.yaml().readValue(result.out(), UserInfo.class);
        assertEquals(Mappers.json().readValue(Fixtures.DAVE, UserInfo.class), dave);
    }

    @Test
    void describeMissingUserExitsFour() {
        labd.answer("GET", "/api/v1/users/erin", 404, Fixtures.error(404, "not_found",
                "no user erin (labctl get users lists them)"));
        CliRun.Result result = run("describe", "user/erin");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no user erin (labctl get users lists them)\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void deleteUserCountsTheCertificatesRevoked() {
        labd.answer("DELETE", "/api/v1/users/dave", 200, Fixtures.DAVE);
        CliRun.Result result = run("delete", "user/dave");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("user dave deleted (1 certificate revoked)\n", result.out());
        assertEquals(List.of(new LabdStandIn.Request("DELETE", "/api/v1/users/dave", null, "")), labd.requests());
    }

    @Test
    void deletingAdminIsRefusedAsAUsageError() {
        labd.answer("DELETE", "/api/v1/users/admin", 400, Fixtures.error(400, "invalid_argument",
                "user admin cannot be deleted: it is labd's first administrator"));
        CliRun.Result result = run("delete", "user", "admin");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("error: user admin cannot be deleted: it is labd's first administrator\n", result.err());
    }

    @Test
    void permissionDeniedExitsThreeWithLabdsMessage() {
        labd.answer("GET", "/api/v1/users", 403, Fixtures.error(403, "permission_denied",
                "only admin may manage users for now"));
        CliRun.Result result = run("get", "users");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: only admin may manage users for now\n", result.err());
    }

    @Test
    void namesAreOnePathSegment() {
        run("describe", "user/a/b");
        assertEquals("/api/v1/users/a%2Fb", labd.requests().get(0).path());
    }

    @Test
    void unknownKindIsAUsageErrorListingTheKnownOnes() {
        CliRun.Result result = run("get", "clusters");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: unknown kind 'clusters' for 'labctl get': known kinds are users, tokens, "
                + "servers, clouds, environments, roles, permissions, bastions\n"), result::toString);
        CliRun.Result describe = run("describe", "cluster/web-1");
        assertEquals(ExitCode.USAGE, describe.exitCode(), describe::toString);
        assertTrue(describe.err().startsWith("error: unknown kind 'cluster' for 'labctl describe': known kinds are user, token, "
                + "server, cloud, environment, role, bastion\n"),
                describe::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void verbWithoutKindIsAUsageError() {
        CliRun.Result result = run("delete");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: missing kind: 'labctl delete' needs one of user, token, "
                + "server, cloud, environment, role, such as 'labctl delete user'\n"), result::toString);
        assertTrue(result.err().contains("Kinds:\n  user, users"), result::toString);
    }

    @Test
    void describeWithoutNameIsAUsageError() {
        CliRun.Result result = run("describe", "user/");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: 'user/' names no user: write user/NAME\n"), result::toString);
    }
}
