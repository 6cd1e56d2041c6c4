package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.BindingRequest;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.RoleInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;

/** The {@code role} kind of get, describe, create and delete, and {@code bind}/{@code unbind role}, against the stand-in. */
class RoleCommandsTest extends StandInCommandTest {

    @Test
    void getRolesTable() {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        CliRun.Result result = run("get", "roles");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME     ALLOW                     DENY               USERS    BUILTIN
                admin    *:*:*:*                   <none>             admin    yes
                ops      manage:*:*:*,read:*:*:*   manage:*:*:users   bob      no
                viewer   read:*:*:*                <none>             <none>   yes
                """, result.out());
        assertEquals("", result.err());
    }

    @Test
    void getRolesWideAddsCreatorAndDescription() {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        CliRun.Result result = run("get", "roles", "-o", "wide");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME     ALLOW                     DENY               USERS    BUILTIN   CREATED-BY   DESCRIPTION
                admin    *:*:*:*                   <none>             admin    yes       labd         everything, everywhere
                ops      manage:*:*:*,read:*:*:*   manage:*:*:users   bob      no        admin        <none>
                viewer   read:*:*:*                <none>             <none>   yes       labd         read everything
                """, result.out());
    }

    @Test
    void getOneRoleAsJsonIsTheObject() throws IOException {
        labd.answer("GET", "/api/v1/roles/ops", 200, Fixtures.OPS);
        CliRun.Result result = run("get", "role/ops", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.OPS, RoleInfo.class), Mappers.json().readValue(result.out(), RoleInfo.class));
    }

    @Test
    void getRolesYamlIsTheList() throws IOException {
        labd.answer("GET", "/api/v1/roles", 200, Fixtures.ROLES);
        CliRun.Result result = run("get", "roles", "-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.ROLES, new TypeReference<List<RoleInfo>>() { }),
                Mappers.yaml().readValue(result.out(), new TypeReference<List<RoleInfo>>() { }));
    }

    @Test
    void getUnknownRoleExitsFour() {
        labd.answer("GET", "/api/v1/roles/nope", 404, Fixtures.error(404, "not_found",
                "role nope not found (labctl get roles lists them)"));
        CliRun.Result result = run("get", "role", "nope");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: role nope not found (labctl get roles lists them)\n", result.err());
    }

    @Test
    void readingRolesWithoutPermissionExitsThreeNamingIt() {
        labd.answer("GET", "/api/v1/roles", 403, Fixtures.error(403, "permission_denied",
                "missing permission read:*:*:roles: no allow rule matches it"));
        CliRun.Result result = run("get", "roles");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: missing permission read:*:*:roles: no allow rule matches it\n", result.err());
    }

    @Test
    void describeRole() {
        labd.answer("GET", "/api/v1/roles/ops", 200, Fixtures.OPS);
        CliRun.Result result = run("describe", "role/ops");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Name:         ops
                Description:  <none>
                Built in:     no
                Created by:   admin
                Created:      2026-11-27T22:00:00Z (24h ago)

                Allows:
                  manage:*:*:*
                  read:*:*:*
                Denies:
                  manage:*:*:users
                Users:
                  bob
                """, result.out());
    }

    @Test
    void describeRoleWithoutDeniesOrUsers() throws IOException {
        List<RoleInfo> roles = Mappers.json().readValue(Fixtures.ROLES, new TypeReference<List<RoleInfo>>() { });
        labd.answer("GET", "/api/v1/roles/viewer", 200, Mappers.json().writeValueAsString(roles.get(2)));
        CliRun.Result result = run("describe", "role", "viewer");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().endsWith("""
                Allows:
                  read:*:*:*
                Denies: <none>
                Users: <none>
                """), result::out);
    }

    @Test
    void createRoleSendsTheRules() throws IOException {
        labd.answer("POST", "/api/v1/roles", 201, Fixtures.OPS);
        CliRun.Result result = run("create", "role", "ops", "--allow", "manage:*:*:*", "--allow", "read:*:*:*",
                "--deny", "manage:*:*:users", "--description", "on-call");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("role ops created\n", result.out());
        assertEquals(new CreateRoleRequest("ops", List.of("manage:*:*:*", "read:*:*:*"), List.of("manage:*:*:users"), "on-call"),
                Mappers.json().readValue(labd.requests().get(0).body(), CreateRoleRequest.class));
    }

    @Test
    void createRoleWithOnlyADenyAsYaml() throws IOException {
        labd.answer("POST", "/api/v1/roles", 201, Fixtures.OPS);
        CliRun.Result result = run("create", "role/no-users", "--deny", "manage:*:*:users", "-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("ops", Mappers.yaml().readValue(result.out(), RoleInfo.class).name());
        assertEquals(new CreateRoleRequest("no-users", List.of(), List.of("manage:*:*:users"), null),
                Mappers.json().readValue(labd.requests().get(0).body(), CreateRoleRequest.class));
    }

    @Test
    void createRoleWithoutRulesIsAUsageError() {
        CliRun.Result result = run("create", "role", "empty");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: a role needs at least one rule: give --allow or --deny, "
                + "such as --allow 'read:*:*:*'\n"), result::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void malformedRulesAreUsageErrorsThatShowTheGrammar() {
        CliRun.Result segments = run("create", "role", "bad", "--allow", "read:*:*");
        assertEquals(ExitCode.USAGE, segments.exitCode(), segments::toString);
        assertTrue(segments.err().startsWith("error: bad --allow: permission 'read:*:*' has 3 segments; "
                + "expected action:cloud:environment:name (each a name or *; environment - for none), e.g. exec:baremetal:lab:*\n"), segments::toString);
        CliRun.Result action = run("create", "role", "bad", "--allow", "read:*:*:*", "--deny", "reboot:*:*:*");
        assertEquals(ExitCode.USAGE, action.exitCode(), action::toString);
        assertTrue(action.err().startsWith("error: bad --deny: permission 'reboot:*:*:*': segment 1 (action) 'reboot' "
                + "is not an action; an action is one of read, exec, apply, destroy, manage, admin, kubectl or *"), action::toString);
        CliRun.Result wildcard = run("create", "role", "bad", "--allow", "exec:baremetal:lab:web-*");
        assertEquals(ExitCode.USAGE, wildcard.exitCode(), wildcard::toString);
        assertTrue(wildcard.err().contains("'web-*' is a partial wildcard"), wildcard::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void creatingARoleBeyondOnesOwnPermissionsExitsThree() {
        labd.answer("POST", "/api/v1/roles", 403, Fixtures.error(403, "permission_denied",
                "you cannot create a role that allows admin:*:*:*: you do not hold it yourself"));
        CliRun.Result result = run("create", "role", "boss", "--allow", "admin:*:*:*");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: you cannot create a role that allows admin:*:*:*: you do not hold it yourself\n", result.err());
    }

    @Test
    void createExistingRoleExitsOne() {
        labd.answer("POST", "/api/v1/roles", 409, Fixtures.error(409, "conflict", "role ops already exists"));
        CliRun.Result result = run("create", "role", "ops", "--allow", "read:*:*:*");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: role ops already exists\n", result.err());
    }

    @Test
    void deleteRole() {
        labd.answer("DELETE", "/api/v1/roles/ops", 200, Fixtures.OPS);
        CliRun.Result result = run("delete", "role/ops");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("role ops deleted\n", result.out());
        assertEquals(List.of(new LabdStandIn.Request("DELETE", "/api/v1/roles/ops", null, "")), labd.requests());
    }

    @Test
    void deleteBoundRoleExitsOneWithLabdsAdvice() {
        labd.answer("DELETE", "/api/v1/roles/ops", 409, Fixtures.error(409, "conflict",
                "role ops is bound to bob: unbind it first (labctl unbind role ops --user USER)"));
        CliRun.Result result = run("delete", "role", "ops");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: role ops is bound to bob: unbind it first (labctl unbind role ops --user USER)\n", result.err());
    }

    @Test
    void bindRole() throws IOException {
        labd.answer("POST", "/api/v1/roles/ops/bindings", 201, Fixtures.OPS);
        CliRun.Result result = run("bind", "role", "ops", "--user", "bob");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("role ops bound to bob\n", result.out());
        assertEquals(new BindingRequest("bob"), Mappers.json().readValue(labd.requests().get(0).body(), BindingRequest.class));
        assertEquals("application/json", labd.requests().get(0).contentType());
    }

    @Test
    void bindRoleAsKindSlashNameWithTheUserFirstPrintsJson() throws IOException {
        labd.answer("POST", "/api/v1/roles/ops/bindings", 201, Fixtures.OPS);
        CliRun.Result result = run("bind", "--user", "bob", "role/ops", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(List.of("bob"), Mappers.json().readValue(result.out(), RoleInfo.class).users());
    }

    @Test
    void bindWithoutUserIsAUsageError() {
        CliRun.Result result = run("bind", "role", "ops");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: missing required option: '--user=USER'\n"), result::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void bindingARoleBeyondOnesOwnPermissionsExitsThree() {
        labd.answer("POST", "/api/v1/roles/admin/bindings", 403, Fixtures.error(403, "permission_denied",
                "you cannot bind role admin: it allows *:*:*:*, which you do not hold yourself"));
        CliRun.Result result = run("bind", "role/admin", "--user", "bob");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: you cannot bind role admin: it allows *:*:*:*, which you do not hold yourself\n", result.err());
    }

    @Test
    void unbindRole() {
        labd.answer("DELETE", "/api/v1/roles/ops/bindings/bob", 200, Fixtures.OPS.replace("[\"bob\"]", "[]"));
        CliRun.Result result = run("unbind", "role/ops", "--user", "bob");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("role ops unbound from bob\n", result.out());
        assertEquals(List.of(new LabdStandIn.Request("DELETE", "/api/v1/roles/ops/bindings/bob", null, "")), labd.requests());
    }

    @Test
    void unbindingTheLastAdminExitsOne() {
        labd.answer("DELETE", "/api/v1/roles/admin/bindings/admin", 409, Fixtures.error(409, "conflict",
                "user admin holds the last binding of role admin: bind another user to admin first"));
        CliRun.Result result = run("unbind", "role", "admin", "--user", "admin");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("error: user admin holds the last binding of role admin: bind another user to admin first\n",
                result.err());
    }

    @Test
    void roleAndUserNamesAreOnePathSegmentEach() {
        run("unbind", "role", "a/b", "--user", "c/d");
        assertEquals("/api/v1/roles/a%2Fb/bindings/c%2Fd", labd.requests().get(0).path());
    }
}
