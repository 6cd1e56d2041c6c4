package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.LabelChange;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.Fixtures;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;

/** {@code get servers}, {@code describe server}, {@code label server} and {@code delete server} against the stand-in. */
class ServerCommandsTest extends StandInCommandTest {

    @Test
    void getServersTable() {
        labd.answer("GET", "/api/v1/servers", 200, Fixtures.SERVERS);
        CliRun.Result result = run("get", "servers");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                NAME    ENVIRONMENT     ROLE     STATUS     LAST-SEEN   AGENT
                web-1   baremetal/lab   worker   Ready      5s          0.1.0
                db-1    aws/-           <none>   NotReady   never       0.0.9
                """, result.out());
        assertEquals("", result.err());
        assertNull(labd.requests().get(0).query());
    }

    @Test
    void getServersWideAddsIdHostnameMacAndLabels() {
        labd.answer("GET", "/api/v1/servers", 200, Fixtures.SERVERS);
        CliRun.Result result = run("get", "server", "-o", "wide");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).endsWith("AGENT   ID         HOSTNAME      MAC                 LABELS"), lines.get(0));
        assertTrue(lines.get(1).endsWith("0.1.0   srv-0a1b   web-1.lab     52:54:00:12:34:56   os=debian,rack=r1"), lines.get(1));
        assertTrue(lines.get(2).endsWith("0.0.9   srv-9f8e   ip-10-0-0-7   02:00:00:aa:bb:cc   <none>"), lines.get(2));
    }

    @Test
    void filtersGoToLabdAsQueryParameters() throws IOException {
        labd.answer("GET", "/api/v1/servers", 200, Fixtures.SERVERS);
        CliRun.Result result = run("get", "-o", "json", "servers", "--cloud", "baremetal", "--env", "lab",
                "-l", "rack=r1,tier=gold", "--label", "os=debian");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        LabdStandIn.Request request = labd.requests().get(0);
        assertEquals("/api/v1/servers", request.path());
        assertEquals(List.of("cloud=baremetal", "env=lab", "label=rack=r1", "label=tier=gold", "label=os=debian"),
                request.parameters());
        assertEquals("cloud=baremetal&env=lab&label=rack%3Dr1&label=tier%3Dgold&label=os%3Ddebian", request.query());
        List<ServerInfo> servers = Mappers.json().readValue(result.out(), new TypeReference<List<ServerInfo>>() { });
        assertEquals(Mappers.json().readValue(Fixtures.SERVERS, new TypeReference<List<ServerInfo>>() { }), servers);
    }

    /** -l is read as exec and logs read it ({@link org.labctl.api.Labels#selector}), before anything is sent. */
    @Test
    void aSelectorThatIsNotKeyValuePairsIsAUsageError() {
        for (String[] bad : List.of(new String[] {"rack", "label selector 'rack' is not KEY=VALUE"},
                new String[] {"rack=r1,", "label selector '' is not KEY=VALUE"},
                new String[] {"rack!=r1", "label key 'rack!' is not valid"},
                new String[] {"rack=r1,rack=r2", "names rack twice"})) {
            CliRun.Result result = run("get", "servers", "-l", bad[0]);
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: -l: ") && result.err().contains(bad[1]), result::err);
        }
        CliRun.Result twice = run("get", "servers", "-l", "rack=r1", "-l", "rack=r2");
        assertTrue(twice.err().startsWith("error: -l selects rack=r1 and rack=r2: a server has one value for each label"),
                twice::err);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void noServersSaysSoOnStderr() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        CliRun.Result result = run("get", "servers", "--env", "empty");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertEquals("No servers found.\n", result.err());
    }

    @Test
    void getOneServerAsKindSlashName() throws IOException {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        CliRun.Result table = run("get", "server/web-1");
        assertEquals(ExitCode.OK, table.exitCode(), table::toString);
        assertEquals("""
                NAME    ENVIRONMENT     ROLE     STATUS   LAST-SEEN   AGENT
                web-1   baremetal/lab   worker   Ready    5s          0.1.0
                """, table.out());
        CliRun.Result json = run("get", "server", "web-1", "-o", "json");
        assertEquals("web-1", Mappers.json().readValue(json.out(), ServerInfo.class).name());
    }

    @Test
    void getUnknownServerExitsFour() {
        labd.answer("GET", "/api/v1/servers/nope", 404, Fixtures.error(404, "not_found", "no server nope"));
        CliRun.Result result = run("get", "server/nope");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no server nope\n", result.err());
    }

    @Test
    void describeServer() {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        CliRun.Result result = run("describe", "server/web-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("""
                Name:                 web-1
                ID:                   srv-0a1b
                Cloud:                baremetal
                Environment:          lab
                Role:                 worker
                Status:               Ready
                Last seen:            2026-11-28T21:59:55Z (5s ago)
                Agent:                0.1.0
                Hostname:             web-1.lab
                MAC:                  52:54:00:12:34:56
                Labels:               os=debian,rack=r1
                Enrolled at:          2026-11-27T22:00:00Z (24h ago)
                Enrolled with token:  9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60
                Certificate serial:   6d4f
                Certificate expires:  2027-02-26T22:00:00Z (in 90d)

                Facts:
                  cpus:        4
                  ips:         10.0.0.5, fe80::1
                  kernel:      6.1.0
                  os.name:     Debian
                  os.version:  12
                """, result.out());
    }

    @Test
    void describeServerAsYamlIsWhatLabdReturned() throws IOException {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        CliRun.Result result = run("describe", "server", "web-1", "-o", "yaml");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals(Mappers.json().readValue(Fixtures.SERVER_DETAIL, ServerDetail.class),
                Mappers.yaml().readValue(result.out(), ServerDetail.class));
    }

    /** What the agents reported of their modules, for two servers: web-1 runs clock (degraded) and has chrony failing. */
    private static final String MODULE_STATUS = """
            [{"server":"web-1","module":"chrony","version":"1.0.0","desired":"1.1.0","state":"failed",
              "health":null,"error":"install: no chronyd","since":"2026-11-28T21:59:00Z","reportedAt":"2026-11-28T21:59:55Z"},
             {"server":"web-1","module":"clock","version":"2.0.0","desired":"2.0.0","state":"ready",
              "health":{"status":"DEGRADED","message":"offset 120 ms"},"error":null,"since":"2026-11-28T21:50:00Z",
              "reportedAt":"2026-11-28T21:59:55Z"},
             {"server":"db-1","module":"clock","version":null,"desired":"2.0.0","state":"pending","health":null,"error":null,
              "since":null,"reportedAt":null}]""";

    @Test
    void describeServerListsTheModulesItsAgentReports() {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        labd.answer("GET", "/api/v1/module-status", 200, MODULE_STATUS);
        CliRun.Result result = run("describe", "server/web-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().endsWith("""
                  os.version:  12

                Modules:
                MODULE   VERSION   DESIRED   STATE    HEALTH                    ERROR                 SINCE
                chrony   1.0.0     1.1.0     failed   <none>                    install: no chronyd   60s
                clock    2.0.0     2.0.0     ready    degraded: offset 120 ms   <none>                10m
                """), result.out());
    }

    @Test
    void describeServerAsJsonHasItsModules() throws IOException {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        labd.answer("GET", "/api/v1/module-status", 200, MODULE_STATUS);
        CliRun.Result result = run("describe", "server/web-1", "-o", "json");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        com.fasterxml.jackson.databind.JsonNode document = Mappers.json().readTree(result.out());
        assertEquals(2, document.path("modules").size(), result.out());
        assertEquals("install: no chronyd", document.path("modules").get(0).path("error").asText());
        assertEquals("offset 120 ms", document.path("modules").get(1).path("health").path("message").asText());
        assertEquals(Mappers.json().readValue(Fixtures.SERVER_DETAIL, ServerDetail.class),
                Mappers.json().readValue(result.out(), ServerDetail.class), "the rest is what labd returned");
        CliRun.Result yaml = run("describe", "server/web-1", "-o", "yaml");
        assertEquals(2, Mappers.yaml().readTree(yaml.out()).path("modules").size(), yaml.out());
    }

    @Test
    void withoutTheModulesCapabilityDescribeServerHasNoModules() throws IOException {
        labd.answer("GET", "/api/v1/servers/web-1", 200, Fixtures.SERVER_DETAIL);
        labd.answer("GET", "/api/v1/module-status", 503, Fixtures.error(503, "unavailable",
                "'module' is not installed in this labd"));
        CliRun.Result result = run("describe", "server/web-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().endsWith("os.version:  12\n"), result.out());
        CliRun.Result json = run("describe", "server/web-1", "-o", "json");
        assertTrue(Mappers.json().readTree(json.out()).path("modules").isMissingNode(), json.out());
        labd.answer("GET", "/api/v1/module-status", 403, Fixtures.error(403, "permission_denied",
                "permission denied: missing permission read:*:*:modules"));
        assertTrue(run("describe", "server/web-1").out().endsWith("os.version:  12\n"));
    }

    @Test
    void describeUnknownServerExitsFour() {
        labd.answer("GET", "/api/v1/servers/nope", 404, Fixtures.error(404, "not_found", "no server nope"));
        CliRun.Result result = run("describe", "server/nope");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no server nope\n", result.err());
    }

    @Test
    void labelSetsAndRemovesInOneRequest() throws IOException {
        labd.answer("PATCH", "/api/v1/servers/web-1/labels", 200, request -> Fixtures.SERVERS
                .replaceAll("(?s)^\\[(\\{.*?\\}),\\s*\\{.*$", "$1"));
        CliRun.Result result = run("label", "server/web-1", "rack=r2", "tier=", "os-");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("server/web-1 labeled\n", result.out());
        LabdStandIn.Request request = labd.requests().get(0);
        assertEquals("PATCH", request.method());
        assertEquals("application/json", request.contentType());
        assertEquals(new LabelChange(java.util.Map.of("rack", "r2", "tier", ""), List.of("os")),
                Mappers.json().readValue(request.body(), LabelChange.class));
    }

    @Test
    void badLabelArgumentIsAUsageError() {
        for (String bad : List.of("rack", "=r1", "-")) {
            CliRun.Result result = run("label", "server", "web-1", "os=debian", bad);
            assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: '" + bad + "' is not a label change: write KEY=VALUE to set a "
                    + "label, KEY- to remove it\n"), result::toString);
        }
        CliRun.Result twice = run("label", "server/web-1", "rack=r1", "rack-");
        assertEquals(ExitCode.USAGE, twice.exitCode(), twice::toString);
        assertTrue(twice.err().startsWith("error: label rack is changed twice"), twice::toString);
        CliRun.Result none = run("label", "server/web-1");
        assertEquals(ExitCode.USAGE, none.exitCode(), none::toString);
        assertEquals(List.of(), labd.requests());
    }

    @Test
    void labelingAsNonAdminExitsThree() {
        labd.answer("PATCH", "/api/v1/servers/web-1/labels", 403, Fixtures.error(403, "permission_denied",
                "only admin may change servers"));
        CliRun.Result result = run("label", "server/web-1", "rack=r2");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: only admin may change servers\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void deleteServer() {
        labd.answer("DELETE", "/api/v1/servers/web-1", 200, Fixtures.SERVERS
                .replaceAll("(?s)^\\[(\\{.*?\\}),\\s*\\{.*$", "$1"));
        CliRun.Result result = run("delete", "server/web-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("server web-1 deleted (its agent certificate is revoked)\n", result.out());
        assertEquals(List.of(new LabdStandIn.Request("DELETE", "/api/v1/servers/web-1", null, "")), labd.requests());
    }

    @Test
    void deleteServerAsNonAdminExitsThree() {
        labd.answer("DELETE", "/api/v1/servers/web-1", 403, Fixtures.error(403, "permission_denied",
                "only admin may change servers"));
        CliRun.Result result = run("delete", "server", "web-1");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
    }

    @Test
    void serverNamesAreOnePathSegment() {
        run("delete", "server/a/b");
        assertEquals("/api/v1/servers/a%2Fb", labd.requests().get(0).path());
    }

    @Test
    void moveServerSendsWhereItGoes() throws Exception {
        labd.answer("POST", "/api/v1/servers/web-1/move", 200, """
                {"name":"web-1","id":"srv-0a1b","cloud":"aws","environment":"east","role":null,"status":"Ready",
                 "lastSeen":null,"agentVersion":null,"hostname":null,"mac":null,"labels":{}}""");
        CliRun.Result result = run("move", "server/web-1", "--env", "east", "--cloud", "aws");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("server/web-1 moved to aws/east\n", result.out());
        assertEquals(new org.labctl.api.MoveServerRequest("east", "aws"),
                org.labctl.cli.Mappers.json().readValue(labd.requests().get(0).body(), org.labctl.api.MoveServerRequest.class));
        CliRun.Result json = run("move", "server", "web-1", "--env", "east", "-o", "json");
        assertEquals("east", org.labctl.cli.Mappers.json().readTree(json.out()).path("environment").asText(), json::toString);
    }

    @Test
    void moveServerNeedsAnEnvironmentAndMapsRefusals() {
        CliRun.Result noEnv = run("move", "server/web-1");
        assertEquals(ExitCode.USAGE, noEnv.exitCode(), noEnv::toString);
        assertTrue(noEnv.err().contains("--env"), noEnv::toString);
        labd.answer("POST", "/api/v1/servers/web-1/move", 403, Fixtures.error(403, "permission_denied",
                "permission denied: moving server web-1 to baremetal/prod needs manage there too"));
        assertEquals(ExitCode.PERMISSION_DENIED, run("move", "server/web-1", "--env", "prod").exitCode());
        labd.answer("POST", "/api/v1/servers/web-1/move", 404, Fixtures.error(404, "not_found", "no environment nosuch"));
        CliRun.Result unknown = run("move", "server/web-1", "--env", "nosuch");
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode(), unknown::toString);
        assertEquals("error: no environment nosuch\n", unknown.err());
    }

    @Test
    void aServerInNoEnvironmentDescribesWithADash() {
        labd.answer("GET", "/api/v1/servers/db-1", 200, """
                {"server":{"name":"db-1","id":"srv-9f8e","cloud":"aws","environment":null,"role":null,"status":"NotReady",
                 "lastSeen":null,"agentVersion":null,"hostname":null,"mac":null,"labels":{}},"facts":{}}""");
        CliRun.Result result = run("describe", "server/db-1");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertTrue(result.out().contains("\nEnvironment:          -\n"), result.out());
    }
}
