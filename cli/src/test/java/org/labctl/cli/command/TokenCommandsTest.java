package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.CreatedToken;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.Mappers;

/** {@code create token}, {@code get tokens} and {@code delete token} against the stand-in for labd. */
class TokenCommandsTest extends StandInCommandTest {

    private static final String TOKEN = "LAB1abcdef0123456789::9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60.s3cr3t";

    @Test
    void createTokenPrintsOnlyTheTokenOnStdout() throws IOException {
        labd.answer("POST", "/api/v1/tokens", 201, Fixtures.CREATED_TOKEN);
        CliRun.Result result = run("create", "token", "--env", "lab", "--label", "rack=r1", "--label", "os=debian",
                "--ttl", "2h", "--mac", "52:54:00:12:34:56", "--description", "rack r1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(TOKEN + "\n", result.out());
        assertEquals("one-time token 9f2c1e0a… for cloud baremetal, expires in 24h; it is shown only this once\n",
                result.err());

        JsonNode body = Mappers.json().readTree(labd.requests().get(0).body());
        assertEquals(Mappers.json().readTree("""
                {"reusable":false,"uses":null,"ttlSeconds":7200,"cloud":null,"environment":"lab",
                 "labels":{"os":"debian","rack":"r1"},"mac":"52:54:00:12:34:56","description":"rack r1"}"""), body);
    }

    @Test
    void reusableTokenSummaryShowsUsesAndScope() throws IOException {
        String reusable = Fixtures.CREATED_TOKEN
                .replace("\"kind\":\"one-time\",\"usesLeft\":1", "\"kind\":\"reusable\",\"usesLeft\":10")
                .replace("\"environment\":null,\"labels\":{}", "\"environment\":\"lab\",\"labels\":{\"rack\":\"r1\"}");
        labd.answer("POST", "/api/v1/tokens", 201, reusable);
        CliRun.Result result = run("create", "token", "--reusable", "--uses", "10");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("reusable token 9f2c1e0a… (10 uses) for baremetal/lab rack=r1, expires in 24h; "
                + "it is shown only this once\n", result.err());
        JsonNode body = Mappers.json().readTree(labd.requests().get(0).body());
        assertTrue(body.get("reusable").asBoolean());
        assertEquals(10, body.get("uses").asInt());
        assertEquals(0, body.get("ttlSeconds").asLong());
    }

    @Test
    void createTokenAsJsonPrintsTheWholeAnswer() throws IOException {
        labd.answer("POST", "/api/v1/tokens", 201, Fixtures.CREATED_TOKEN);
        CliRun.Result result = run("create", "token", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        CreatedToken created = Mappers.json().readValue(result.out(), CreatedToken.class);
        assertEquals(TOKEN, created.token());
        assertEquals("sha256:abcdef0123456789", created.caFingerprint());
    }

    @Test
    void aLabelWithoutEqualsIsAUsageError() {
        CliRun.Result result = run("create", "token", "--label", "rack");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: --label takes KEY=VALUE, such as rack=r1, not 'rack'\n"), result::err);
        assertEquals("", result.out());
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void aLabelGivenTwiceIsAUsageError() {
        CliRun.Result result = run("create", "token", "--label", "rack=r1", "--label", "rack=r2");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: --label rack is given twice: give each key once\n"), result::err);
    }

    @Test
    void labdsRefusalOfBadInputIsAUsageError() {
        labd.answer("POST", "/api/v1/tokens", 400, Fixtures.error(400, "invalid_argument",
                "a use limit (--uses) is for reusable tokens: add --reusable, or leave --uses out for a one-time token"));
        CliRun.Result result = run("create", "token", "--uses", "3");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("error: a use limit (--uses) is for reusable tokens: add --reusable, or leave --uses out for a "
                + "one-time token\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void getTokensTable() {
        labd.answer("GET", "/api/v1/tokens", 200, Fixtures.TOKENS);
        CliRun.Result result = run("get", "tokens");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                ID                                 KIND       USES-LEFT   EXPIRES   SCOPE                                                   STATE
                9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60   one-time   1           24h       baremetal/-                                             active
                0d4e7a9b1c2d3e4f5a6b7c8d9e0f1a2b   reusable   unlimited   7d        baremetal/lab os=debian rack=r1 mac=52:54:00:12:34:56   active
                5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b   one-time   0           12h ago   aws/prod                                                used-up
                """, result.out());
    }

    @Test
    void getTokensWide() {
        labd.answer("GET", "/api/v1/tokens", 200, Fixtures.TOKENS);
        CliRun.Result result = run("get", "token", "-o", "wide");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).endsWith("STATE     USES   CREATED-BY   AGE   LAST-USED   DESCRIPTION"), lines.get(0));
        assertTrue(lines.get(1).endsWith("active    0      admin        0s    never       <none>"), lines.get(1));
        assertTrue(lines.get(2).endsWith("active    3      admin        24h   60m ago     rack r1"), lines.get(2));
    }

    @Test
    void getTokensPermissionDeniedExitsThree() {
        labd.answer("GET", "/api/v1/tokens", 403, Fixtures.error(403, "permission_denied",
                "only admin may manage join tokens for now"));
        CliRun.Result result = run("get", "tokens");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: only admin may manage join tokens for now\n", result.err());
    }

    @Test
    void deleteTokenRevokesIt() {
        labd.answer("DELETE", "/api/v1/tokens/" + Fixtures.TOKEN_ID, 200, Fixtures.CREATED_TOKEN
                .replaceAll("(?s)^\\{\"info\":(\\{.*?\\}),\\s*\"token\".*$", "$1").replace("\"active\"", "\"revoked\""));
        CliRun.Result result = run("delete", "token", Fixtures.TOKEN_ID);
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("token 9f2c1e0a… revoked\n", result.out());
        assertEquals("DELETE", labd.requests().get(0).method());
    }

    @Test
    void deleteTokenAsKindSlashId() {
        labd.answer("DELETE", "/api/v1/tokens/" + Fixtures.TOKEN_ID, 200, "{\"id\":\"" + Fixtures.TOKEN_ID
                + "\",\"kind\":\"one-time\",\"uses\":0,\"state\":\"revoked\"}");
        CliRun.Result result = run("delete", "token/" + Fixtures.TOKEN_ID);
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("token 9f2c1e0a… revoked\n", result.out());
    }

    @Test
    void deleteUnknownTokenExitsFour() {
        labd.answer("DELETE", "/api/v1/tokens/" + Fixtures.TOKEN_ID, 404, Fixtures.error(404, "not_found",
                "no token " + Fixtures.TOKEN_ID + " (labctl get tokens lists them)"));
        CliRun.Result result = run("delete", "token", Fixtures.TOKEN_ID);
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no token " + Fixtures.TOKEN_ID + " (labctl get tokens lists them)\n", result.err());
    }

    @Test
    void describeTokenShowsItAndTheServersItEnrolled() {
        labd.answer("GET", "/api/v1/tokens/9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60", 200, """
                {"token":{"id":"9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60","kind":"one-time","usesLeft":0,"uses":1,
                 "expiresAt":"2026-11-29T22:00:00Z","cloud":"baremetal","environment":null,"labels":{},"mac":null,
                 "description":null,"state":"used-up","createdBy":"admin","createdAt":"2026-11-28T21:00:00Z",
                 "lastUsedAt":"2026-11-28T21:30:00Z"},"servers":["web-1"]}""");
        CliRun.Result result = run("describe", "token/9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                ID:                 9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60
                Kind:               one-time
                State:              used-up
                Uses:               1
                Uses left:          0
                Expires:            2026-11-29T22:00:00Z (in 24h)
                Places servers in:  baremetal/-
                Labels:             <none>
                MAC:                <none>
                Description:        <none>
                Created by:         admin
                Created:            2026-11-28T21:00:00Z (60m ago)
                Last used:          2026-11-28T21:30:00Z (30m ago)

                Servers enrolled:
                  web-1
                """, result.out());
        labd.answer("GET", "/api/v1/tokens/0123", 404, Fixtures.error(404, "not_found", "no token 0123"));
        assertEquals(ExitCode.NOT_FOUND, run("describe", "token", "0123").exitCode());
    }
}
