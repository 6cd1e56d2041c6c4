package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.ExecData;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecStart;
import org.labctl.api.Failure;
import org.labctl.api.ExecProtocol;
import org.labctl.cli.CliRun;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabdStandIn;
import org.labctl.cli.Mappers;
import org.labctl.cli.Session;
import org.labctl.cli.WebSocketStandIn;

/**
 * {@code labctl exec} through the real command line and the real WebSocket client, against a
 * stand-in labd that speaks WebSocket ({@link WebSocketStandIn}); the test plays labd and the agent.
 */
class ExecCommandTest {

    private static final String TARGETS = """
            [{"name":"web-1","cloud":"baremetal","environment":"lab","connected":true,"allowed":true,"reason":null},
             {"name":"db-1","cloud":"baremetal","environment":"lab","connected":true,"allowed":true,"reason":null,
              "addedByANewerLabd":true}]""";

    @TempDir
    Path home;

    private WebSocketStandIn labd;
    private String config;
    private final ExecutorService labctl = Executors.newSingleThreadExecutor();

    @BeforeEach
    void startStandIn() throws IOException {
        labd = new WebSocketStandIn();
        config = labd.writeConfig(home).toString();
    }

    @AfterEach
    void stop() throws IOException {
        labctl.shutdownNow();
        labd.close();
    }

    private CliRun cli() {
        return new CliRun(home).env("LABCTL_CONFIG", config);
    }

    private Future<CliRun.Result> start(CliRun cli, String... args) {
        return labctl.submit(() -> cli.run(args));
    }

    private static CliRun.Result result(Future<CliRun.Result> run) throws Exception {
        return run.get(60, TimeUnit.SECONDS);
    }

    /** The command of an exec session's start frame. */
    private static ExecStart command(ExecFrame start) {
        return Mappers.frames().convertValue(start.payload(), ExecStart.class);
    }

    private static ExecFrame frame(WebSocketStandIn.Message message) throws IOException {
        assertTrue(message.text(), () -> "expected a control frame, got " + message.payload().length + " bytes");
        return Mappers.frames().readValue(message.payload(), ExecFrame.class);
    }

    private static String json(ExecFrame frame) throws IOException {
        return Mappers.frames().writeValueAsString(frame);
    }

    /** The next data frame, window frames passed over. */
    private static ExecData nextData(WebSocketStandIn.Connection connection) throws IOException {
        while (true) {
            WebSocketStandIn.Message message = connection.receive();
            if (!message.text()) {
                return ExecProtocol.decode(ByteBuffer.wrap(message.payload()));
            }
            ExecFrame frame = frame(message);
            if (!frame.type().equals(ExecProtocol.WINDOW)) {
                throw new AssertionError("expected a data frame, got " + frame);
            }
        }
    }

    /** The next control frame, window frames passed over. */
    private static ExecFrame next(WebSocketStandIn.Connection connection) throws IOException {
        while (true) {
            WebSocketStandIn.Message message = connection.receive();
            if (message.close()) {
                throw new AssertionError("labctl closed the connection");
            }
            if (message.text()) {
                ExecFrame frame = frame(message);
                if (!frame.type().equals(ExecProtocol.WINDOW)) {
                    return frame;
                }
            } else {
                throw new AssertionError("expected a control frame, got data " + ExecProtocol.decode(
                        ByteBuffer.wrap(message.payload())));
            }
        }
    }

    @Test
    void runsOneCommandOverTheWebSocket() throws Exception {
        Future<CliRun.Result> run = start(cli().stdin("in\n".getBytes(StandardCharsets.UTF_8)),
                "exec", "server/web-1", "--user", "bob", "-e", "A=1", "-e", "B=x=y", "--timeout", "1500ms",
                "--", "sh", "-c", "cat; echo hi", "-l");
        WebSocketStandIn.Connection connection = labd.accepted();
        assertEquals("/api/v1/exec/stream", connection.path());
        assertTrue(connection.header(Session.HEADER).matches("[0-9a-f]{32}"), connection.header(Session.HEADER));
        WebSocketStandIn.Message startMessage = connection.receive();
        ExecFrame start = frame(startMessage);
        UUID session = start.session();
        // the map's order is not the wire format's: compare it as a map
        assertEquals(Map.of("A", "1", "B", "x=y"), command(start).env());
        String withoutEnv = startMessage.asText().replaceFirst("\"env\":\\{[^}]*\\},", "");
        assertEquals("{\"type\":\"start\",\"session\":\"" + session + "\",\"server\":\"web-1\",\"kind\":\"exec\",\"payload\":{"
                + "\"argv\":[\"sh\",\"-c\",\"cat; echo hi\",\"-l\"],\"tty\":false,\"cols\":0,\"rows\":0,\"user\":\"bob\","
                + "\"timeoutSeconds\":2}}", withoutEnv);
        connection.sendText(json(ExecFrame.started(session, 77)), true);
        ExecData data = nextData(connection);
        assertEquals(ExecProtocol.STDIN, data.channel());
        assertEquals("in\n", data.text());
        assertEquals(ExecProtocol.EOF, next(connection).type());
        connection.sendBinary(ExecProtocol.encode(ExecProtocol.STDOUT, session, "in\nhi\n".getBytes(StandardCharsets.UTF_8))
                .array(), true);
        connection.sendBinary(ExecProtocol.encode(ExecProtocol.STDERR, session, "warn\n".getBytes(StandardCharsets.UTF_8))
                .array(), false);
        connection.sendText(json(ExecFrame.exit(session, 7, null, false)), false);
        CliRun.Result result = result(run);
        assertEquals(7, result.exitCode(), result::toString);
        assertEquals("in\nhi\n", result.out());
        assertEquals("warn\n", result.err());
        // labctl says goodbye
        WebSocketStandIn.Message last;
        do {
            last = connection.receive();
        } while (!last.close());
    }

    @Test
    void aBareNameIsAServer() throws Exception {
        Future<CliRun.Result> run = start(cli(), "exec", "web-1", "--", "true");
        WebSocketStandIn.Connection connection = labd.accepted();
        ExecFrame start = frame(connection.receive());
        assertEquals("web-1", start.server());
        connection.sendText(json(ExecFrame.error(start.session(), Failure.PERMISSION_DENIED, "exec:baremetal:lab:web-1 is not allowed for bob")),
                false);
        CliRun.Result result = result(run);
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        assertEquals("error: exec:baremetal:lab:web-1 is not allowed for bob\n", result.err());
    }

    /**
     * Java 17's WebSocket client now and then misses a connection dropped while it delivers a message;
     * labctl's pings find out then, within a few {@code PING_INTERVAL}s (see SocketTransport).
     */
    @Test
    void lostConnectionExits255() throws Exception {
        Future<CliRun.Result> run = start(cli(), "exec", "server/web-1", "--", "sleep", "60");
        WebSocketStandIn.Connection connection = labd.accepted();
        ExecFrame start = frame(connection.receive());
        connection.sendText(json(ExecFrame.started(start.session(), 1)), false);
        assertEquals(ExecProtocol.EOF, next(connection).type());
        connection.drop();
        CliRun.Result result = result(run);
        assertEquals(ExitCode.CONNECTION_LOST, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("labctl: lost the connection to labd before server/web-1 finished ("),
                result::toString);
    }

    @Test
    void labdClosingMidRunExits255() throws Exception {
        Future<CliRun.Result> run = start(cli(), "exec", "server/web-1", "--", "sleep", "60");
        WebSocketStandIn.Connection connection = labd.accepted();
        ExecFrame start = frame(connection.receive());
        connection.sendText(json(ExecFrame.started(start.session(), 1)), false);
        assertEquals(ExecProtocol.EOF, next(connection).type());
        connection.close();
        CliRun.Result result = result(run);
        assertEquals(ExitCode.CONNECTION_LOST, result.exitCode(), result::toString);
    }

    @Test
    void refusedUpgradeMapsLikeARequest() throws Exception {
        labd.refuseUpgrade(403);
        CliRun.Result result = cli().run("exec", "server/web-1", "--", "true");
        assertEquals(ExitCode.PERMISSION_DENIED, result.exitCode(), result::toString);
        // labd's message, from the body of its refusal
        assertEquals("error: refused by the stand-in\n", result.err());
        assertEquals("GET /api/v1/exec/stream HTTP/1.1", labd.nextRequest());
    }

    @Test
    void labdWithoutTheStreamIsNotFound() throws Exception {
        try (LabdStandIn old = new LabdStandIn()) {
            CliRun.Result result = new CliRun(home).env("LABCTL_CONFIG", old.writeConfig(home).toString())
                    .run("exec", "server/web-1", "--", "true");
            assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
            assertEquals("error: no such path\n", result.err());
        }
    }

    @Test
    void unreachableLabdExits5() throws IOException {
        Path closed = home.resolve("closed.labctl.yaml");
        Files.writeString(closed, "server: " + LabdStandIn.closedPortUrl() + "\n");
        CliRun.Result result = new CliRun(home).env("LABCTL_CONFIG", closed.toString())
                .run("exec", "server/web-1", "--", "true");
        assertEquals(ExitCode.UNREACHABLE, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: cannot reach labd at "), result::toString);
    }

    @Test
    void fanOutAsksLabdForTheTargetsThenRunsEachOverOneWebSocket() throws Exception {
        labd.answer("/api/v1/exec/targets", TARGETS);
        Future<CliRun.Result> run = start(cli(), "exec", "-l", "rack=r1,os=debian", "-l", "tier=", "--env", "lab",
                "--cloud", "baremetal", "--parallel", "4", "--", "uname", "-r");
        String query = labd.nextRequest();
        assertEquals("GET /api/v1/exec/targets?selector=rack%3Dr1%2Cos%3Ddebian%2Ctier%3D&environment=lab&cloud=baremetal"
                + " HTTP/1.1", query);
        assertEquals("selector=rack=r1,os=debian,tier=", URLDecoder.decode(query.split("[?&]")[1], StandardCharsets.UTF_8));
        WebSocketStandIn.Connection connection = labd.accepted();
        Map<String, UUID> sessions = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            ExecFrame start = frame(connection.receive());
            assertEquals(List.of("uname", "-r"), command(start).argv());
            sessions.put(start.server(), start.session());
        }
        for (UUID session : sessions.values()) {
            connection.sendText(json(ExecFrame.started(session, 1)), false);
        }
        int eofs = 0;
        while (eofs < 2) {
            if (next(connection).type().equals(ExecProtocol.EOF)) {
                eofs++;
            }
        }
        connection.sendBinary(ExecProtocol.encode(ExecProtocol.STDOUT, sessions.get("web-1"),
                "6.1.0\n".getBytes(StandardCharsets.UTF_8)).array(), false);
        connection.sendText(json(ExecFrame.exit(sessions.get("web-1"), 0, null, false)), false);
        connection.sendBinary(ExecProtocol.encode(ExecProtocol.STDOUT, sessions.get("db-1"),
                "5.10.0\n".getBytes(StandardCharsets.UTF_8)).array(), true);
        connection.sendText(json(ExecFrame.exit(sessions.get("db-1"), 0, null, false)), false);
        CliRun.Result result = result(run);
        assertEquals(ExitCode.OK, result.exitCode(), result::toString);
        assertEquals("web-1  | 6.1.0\ndb-1   | 5.10.0\n", result.out());
        assertEquals("2 servers: 2 succeeded, 0 failed, 0 timed out, 0 unreachable, 0 lost, 0 denied\n", result.err());
    }

    @Test
    void fanOutJsonWithUnreachableServersOnlyNeedsNoWebSocket() throws Exception {
        labd.answer("/api/v1/exec/targets", """
                [{"name":"web-1","cloud":"baremetal","environment":"lab","connected":false,"allowed":true,"reason":null}]""");
        CliRun.Result result = cli().run("exec", "-l", "rack=r1", "-o", "json", "--", "true");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        JsonNode record = Mappers.json().readTree(result.out());
        assertEquals("unreachable", record.get("state").asText());
        assertTrue(record.get("exitCode").isNull());
        assertEquals("", result.err());
        assertTrue(labd.nextRequest().startsWith("GET /api/v1/exec/targets?"));
    }

    /** --env (or --cloud) alone selects every server of the environment the caller may use, as -l does. */
    @Test
    void anEnvironmentAloneSelectsItsServers() throws Exception {
        labd.answer("/api/v1/exec/targets", """
                [{"name":"web-1","cloud":"baremetal","environment":"lab","connected":false,"allowed":true,"reason":null}]""");
        CliRun.Result result = cli().run("exec", "--env", "lab", "-o", "json", "--", "uptime");
        assertEquals(ExitCode.ERROR, result.exitCode(), result::toString);
        assertEquals("unreachable", Mappers.json().readTree(result.out()).get("state").asText());
        assertEquals("GET /api/v1/exec/targets?environment=lab HTTP/1.1", labd.nextRequest());
        CliRun.Result cloud = cli().run("exec", "--cloud", "baremetal", "--", "uptime");
        assertEquals(ExitCode.ERROR, cloud.exitCode(), cloud::toString);
        assertTrue(cloud.err().contains("1 server: 0 succeeded, 0 failed, 0 timed out, 1 unreachable"), cloud::toString);
        assertEquals("GET /api/v1/exec/targets?cloud=baremetal HTTP/1.1", labd.nextRequest());
    }

    @Test
    void aLabelNamedLikeAPlacementThatMatchesNothingSaysWhatSelectsTheEnvironment() {
        labd.answer("/api/v1/exec/targets", "[]");
        CliRun.Result result = cli().run("exec", "-l", "env=lab", "--", "true");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no server matches -l env=lab (-l env=lab selects servers labelled env; --env lab selects the "
                + "servers in that environment): labctl get servers -o wide shows the servers and their labels\n", result.err());
    }

    @Test
    void noMatchingServerExits4() {
        labd.answer("/api/v1/exec/targets", "[]");
        CliRun.Result result = cli().run("exec", "-l", "rack=r9", "--env", "lab", "--", "true");
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no server matches -l rack=r9 --env lab: labctl get servers -o wide shows the servers and "
                + "their labels\n", result.err());
    }

    @Test
    void usageErrors() {
        record Case(List<String> args, String message) {
        }
        for (Case usage : List.of(
                new Case(List.of("server/web-1", "-l", "rack=r1", "--", "true"),
                        "give either a server or a selection of servers (-l, --env, --cloud), not both"),
                new Case(List.of("--", "true"), "name a server, such as labctl exec server/web-1 -- uptime, or select servers "
                        + "with -l KEY=VALUE, --env ENV or --cloud CLOUD"),
                new Case(List.of("server/web-1"), "write the command to run after --"),
                new Case(List.of("server/web-1", "--"), "write the command to run after --"),
                new Case(List.of("server/web-1", "uptime"), "the command goes after --, such as: labctl exec server/web-1 -- uptime"),
                new Case(List.of("app/grafana", "--", "true"), "labctl exec runs commands on servers: write server/NAME or NAME"),
                new Case(List.of("server/", "--", "true"), "'server/' names no server"),
                new Case(List.of("-l", "rack", "--", "true"), "-l: label selector 'rack' is not KEY=VALUE"),
                new Case(List.of("-l", "rack=r1,", "--", "true"), "-l: label selector '' is not KEY=VALUE"),
                new Case(List.of("-l", "=r1", "--", "true"), "-l: label selector '=r1' is not KEY=VALUE"),
                new Case(List.of("-l", "rack!=r1", "--", "true"), "-l: label key 'rack!' is not valid"),
                new Case(List.of("-l", "rack=r1", "--parallel", "0", "--", "true"), "--parallel must be between 1 and 256, not 0"),
                new Case(List.of("-l", "rack=r1", "--parallel", "257", "--", "true"), "--parallel must be between 1 and 256"),
                new Case(List.of("-l", "rack=r1", "--parallel", "many", "--", "true"), "'many' is not an int"),
                new Case(List.of("-l", "rack=r1", "-it", "--", "bash"), "-i and -t are for one server"),
                new Case(List.of("server/web-1", "--env", "lab", "--", "true"), "give either a server or a selection of servers"),
                new Case(List.of("--cloud", "aws", "-it", "--", "bash"), "-i and -t are for one server"),
                new Case(List.of("server/web-1", "--parallel", "2", "--", "true"), "--parallel goes with a selection of servers"),
                new Case(List.of("server/web-1", "--parallel", "2", "-o", "json", "--", "true"),
                        "--parallel, -o json go with a selection of servers (-l, --env or --cloud)"),
                new Case(List.of("server/web-1", "-o", "json", "--", "true"), "-o json goes with a selection of servers"),
                new Case(List.of("-l", "rack=r1", "-o", "yaml", "--", "true"), "'labctl exec' prints table or json, not yaml"),
                new Case(List.of("server/web-1", "-e", "1X=2", "--", "true"), "-e takes KEY=VALUE"),
                new Case(List.of("server/web-1", "-e", "X", "--", "true"), "-e takes KEY=VALUE"),
                new Case(List.of("server/web-1", "-e", "X=1", "-e", "X=2", "--", "true"), "-e sets X twice"),
                new Case(List.of("server/web-1", "--user", " ", "--", "true"), "--user needs a user name"),
                new Case(List.of("server/web-1", "--timeout", "soon", "--", "true"), "'soon' is not a duration"),
                new Case(List.of("server/web-1", "--user", "--", "id"), "missing required parameter for option '--user'"))) {
            List<String> args = new ArrayList<>(List.of("exec"));
            args.addAll(usage.args());
            CliRun.Result result = cli().run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, result.exitCode(), () -> usage + "\n" + result);
            assertTrue(result.err().startsWith("error: "), () -> usage + "\n" + result);
            assertTrue(result.err().contains(usage.message()), () -> usage + "\n" + result);
            assertTrue(result.err().contains("Run 'labctl exec --help' for details and examples."), result::toString);
        }
    }

    @Test
    void optionsAfterTheDashesBelongToTheCommand() throws Exception {
        Future<CliRun.Result> run = start(cli(), "exec", "-i", "server/web-1", "--", "ls", "-l", "--help", "--", "-t");
        WebSocketStandIn.Connection connection = labd.accepted();
        ExecFrame start = frame(connection.receive());
        assertEquals(List.of("ls", "-l", "--help", "--", "-t"), command(start).argv());
        assertTrue(!command(start).ttyRequested());
        connection.sendText(json(ExecFrame.error(start.session(), Failure.NOT_FOUND, "no server web-1")), false);
        CliRun.Result result = result(run);
        assertEquals(ExitCode.NOT_FOUND, result.exitCode(), result::toString);
        assertEquals("error: no server web-1\n", result.err());
    }
}
