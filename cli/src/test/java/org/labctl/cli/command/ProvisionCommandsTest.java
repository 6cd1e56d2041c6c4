package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;

/** {@code provision} and {@code logs bastion} against the stand-in: requests, tables and errors. */
class ProvisionCommandsTest extends StandInCommandTest {

    private static final String ONE_BASTION = """
            [{"cloud":"baremetal","environment":"lab","url":"http://10.0.0.1:8080","dhcp":"proxy","tftp":"10.0.0.1:69","machines":1}]""";
    private static final String MACHINE = """
            {"environment":"lab","mac":"52:54:00:12:34:56","state":"pending-install","hostname":"web-1","role":"worker",\
            "mode":"install","architecture":"uefi-x64","firstSeen":"2026-11-29T09:12:01.123456Z",\
            "lastSeen":"2026-11-29T09:13:02.5Z","failure":null}""";

    @Test
    void listUsesTheOnlyBastionAndPrintsTimestamps() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        labd.answer("GET", "/api/v1/bastions/lab/machines", 200, "[" + MACHINE + "]");
        CliRun.Result result = run("provision", "list");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).matches("MAC +HOSTNAME +ROLE +STATE +ARCH +FIRST-SEEN +LAST-SEEN *"), lines.get(0));
        assertTrue(lines.get(1).matches("52:54:00:12:34:56 +web-1 +worker +pending-install +uefi-x64 +2026-11-29T09:12:01Z"
                + " +2026-11-29T09:13:02Z *"), lines.get(1));
    }

    @Test
    void getBastionsIsATable() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        CliRun.Result result = run("get", "bastions");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.get(0).matches("ENVIRONMENT +URL +DHCP +TFTP +MACHINES *"), lines.get(0));
        assertTrue(lines.get(1).matches("lab +http://10.0.0.1:8080 +proxy +10.0.0.1:69 +1 *"), lines.get(1));
        assertEquals(ExitCode.NOT_FOUND, run("get", "bastion/prod").exitCode());
    }

    /** A registered standalone bastion (a server with the bastion label) that the stand-in cannot relay to. */
    private static final String PXE_SERVER = """
            [{"name":"pxe-1","id":"srv-1","cloud":"baremetal","environment":"rack3","role":null,"status":"NotReady",\
            "lastSeen":null,"agentVersion":null,"hostname":"pxe-1","mac":null,"labels":{"labctl.org/bastion":"true"}}]""";

    @Test
    void aBastionThatDoesNotAnswerShowsAStateWhereItsUrlGoesAndWhyOnlyInWideOutput() throws Exception {
        labd.answer("GET", "/api/v1/servers", 200, PXE_SERVER);
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        CliRun.Result table = run("get", "bastions");
        assertEquals(ExitCode.OK, table.exitCode(), table::toString);
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(2).matches("rack3 +unreachable +- +- +- *"), table.out());
        CliRun.Result wide = run("get", "bastions", "-o", "wide");
        List<String> wideLines = wide.out().lines().toList();
        assertTrue(wideLines.get(0).matches("ENVIRONMENT +URL +DHCP +TFTP +MACHINES +STATE +RUNS-IN +ERROR *"), wide.out());
        assertTrue(wideLines.get(1).matches("lab +http://10.0.0.1:8080 .* ready +labd +- *"), wide.out());
        assertTrue(wideLines.get(2).matches("rack3 +unreachable .* unreachable +server/pxe-1 +\\S.*"), wide.out());
        var json = org.labctl.cli.Mappers.json().readTree(run("get", "bastions", "-o", "json").out());
        assertEquals("unreachable", json.get(1).path("state").asText(), json::toString);
        assertTrue(json.get(1).path("url").isNull(), json::toString);
        assertEquals("pxe-1", json.get(1).path("server").asText(), json::toString);
    }

    @Test
    void describeBastionSaysWhereItRunsAndItsState() throws Exception {
        labd.answer("GET", "/api/v1/servers", 200, PXE_SERVER);
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        CliRun.Result lab = run("describe", "bastion/lab");
        assertEquals(ExitCode.OK, lab.exitCode(), lab::toString);
        assertEquals("""
                Environment:  baremetal/lab
                Runs in:      labd
                State:        ready
                URL:          http://10.0.0.1:8080
                DHCP:         proxy
                TFTP:         10.0.0.1:69
                Machines:     1
                """, lab.out());
        CliRun.Result rack3 = run("describe", "bastion", "rack3");
        assertEquals(ExitCode.OK, rack3.exitCode(), rack3::toString);
        assertTrue(rack3.out().contains("State:        unreachable"), rack3.out());
        assertTrue(rack3.out().contains("Runs in:      server/pxe-1 (standalone, registered)"), rack3.out());
        assertTrue(rack3.out().contains("Error:"), rack3.out());
        var json = org.labctl.cli.Mappers.json().readTree(run("describe", "bastion/lab", "-o", "json").out());
        assertEquals("ready", json.path("state").asText(), json::toString);
        CliRun.Result unknown = run("describe", "bastion/prod");
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode(), unknown::toString);
        assertEquals("error: no bastion of prod that you may read (labctl get bastions lists them)\n", unknown.err());
    }

    @Test
    void severalBastionsNeedEnv() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, """
                [{"cloud":"baremetal","environment":"lab","url":"u","dhcp":"off","tftp":null,"machines":0},
                 {"cloud":"baremetal","environment":"rack2","url":"u","dhcp":"off","tftp":null,"machines":0}]""");
        CliRun.Result result = run("provision", "list");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertEquals("error: there are several bastions: pick one with --env (lab, rack2)\n", result.err());
    }

    @Test
    void noBastionIsNotFound() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, "[]");
        CliRun.Result result = run("provision", "forget", "52:54:00:12:34:56");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertTrue(result.err().contains("no bastion that you may see"), result::toString);
    }

    @Test
    void installSendsHostnameRoleAndMode() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        labd.answer("PUT", "/api/v1/bastions/lab/machines/52%3A54%3A00%3A12%3A34%3A56", 200, MACHINE);
        CliRun.Result result = run("provision", "install", "52:54:00:12:34:56", "web-1", "--role", "worker", "--env", "lab");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("{\"hostname\":\"web-1\",\"role\":\"worker\",\"mode\":\"install\"}", labd.requests().get(2).body());
        assertTrue(result.out().startsWith("52:54:00:12:34:56 will be installed as web-1 (worker) at its next network boot"),
                result::toString);
        CliRun.Result again = run("provision", "reprovision", "52:54:00:12:34:56", "web-1", "--role", "worker", "--env", "lab");
        assertEquals(ExitCode.OK, again.exitCode(), again::toString);
        assertEquals("{\"hostname\":\"web-1\",\"role\":\"worker\",\"mode\":\"reprovision\"}", labd.requests().get(5).body());
    }

    @Test
    void roleIsRequired() {
        CliRun.Result result = run("provision", "install", "52:54:00:12:34:56", "web-1");
        assertEquals(ExitCode.USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--role"), result::toString);
        assertTrue(labd.requests().isEmpty());
    }

    @Test
    void bastionLogPrintsLinesOfOneMachine() {
        labd.answer("GET", "/api/v1/servers", 200, "[]");
        labd.answer("GET", "/api/v1/bastions", 200, ONE_BASTION);
        labd.answer("GET", "/api/v1/bastions/lab/log", 200, """
                {"lines":["2026-11-29T09:12:01Z 52:54:00:12:34:56 http boot script: wait (discovered) for 10.0.0.5"],"next":120}""");
        CliRun.Result result = run("logs", "bastion/lab", "--mac", "52:54:00:12:34:56", "-n", "5");
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("2026-11-29T09:12:01Z 52:54:00:12:34:56 http boot script: wait (discovered) for 10.0.0.5\n", result.out());
        assertEquals(List.of("cloud=baremetal", "env=lab", "label=labctl.org/bastion=true"), labd.requests().get(0).parameters(),
                "registered standalone bastions are servers with the bastion label");
        assertEquals(List.of("mac=52:54:00:12:34:56", "lines=5"), labd.requests().get(2).parameters());
    }
}
