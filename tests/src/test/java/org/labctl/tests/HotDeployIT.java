package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;
import org.labctl.cli.ExitCode;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KarafShell;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.StreamClient;

/**
 * Capabilities are bundles that plug in and out of a running labd: with labd serving and an agent
 * connected, an operator uninstalls {@code labd-bastion} (then {@code labd-logs}) in labd's Karaf
 * shell, over the real ssh client ({@code ./lab shell}). Its kind disappears from REST, {@code auth
 * can-i} and the CLI with a clear "not installed" answer (exit 5), and nothing else breaks: servers
 * list, exec runs on the agent. Installed again, it comes back with its state (a machine the bastion
 * discovered before is still there). The README's example capability plugs in and out the same way,
 * its session kind included: labd's side into labd, the agent's side into web-1's lib/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotDeployIT {

    private static final String MAC = "52:54:00:aa:bb:01";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static Path dir;
    private static LabdProcess labd;
    private static KarafShell console;
    private static AgentProcess agent;
    private static Labctl admin;
    private static String bastion;
    private static String exampleBundleId;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("hotdeploy");
        console = new KarafShell(dir);
        labd = console.configure(LabdProcess.unpack(dir)).start();
        labd.awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        agent = AgentProcess.enroll(dir, labd, "web-1").start();
        Await.until(Duration.ofSeconds(60), "web-1 Ready",
                () -> Json.tree(labd.get("/api/v1/servers/web-1").body()).path("server").path("status").asText().equals("Ready"));
        console.awaitAdmin();

        // a bastion in labd (HTTP only), which discovers a machine: state that must survive
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(boot.resolve("vmlinuz"), "kernel");
        Files.writeString(boot.resolve("initrd.img"), "initrd");
        int port = Ports.free();
        bastion = "http://127.0.0.1:" + port;
        Path cfg = labd.home().resolve("etc/org.labctl.bastion.cfg");
        Files.writeString(cfg.resolveSibling("bastion.tmp"), String.join("\n", "environment = lab", "http.port = " + port,
                "labd.url = " + labd.url("").replaceAll("/$", ""), "boot.dir = " + boot, "installer.repo = http://mirror.example/rocky/9/", ""));
        Files.move(cfg.resolveSibling("bastion.tmp"), cfg);
        Await.until(Duration.ofSeconds(60), "the bastion of lab answers", () -> admin.run("provision", "list").exitCode() == 0);
        HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(URI.create(bastion + "/boot/" + MAC + ".ipxe")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, script.statusCode(), script.body());
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    /** What keeps working while a capability is out: the servers, exec on the agent, the audit log. */
    private static void theRestStillWorks() {
        assertTrue(ok(admin.run("get", "servers")).stdout().contains("web-1"));
        assertEquals("still here", ok(admin.run("exec", "web-1", "--", "echo", "still here")).stdout().trim());
        ok(admin.run("logs", "audit", "--limit", "1"));
    }

    /**
     * Asks for the servers without pause while capabilities come and go: the API that stays must
     * answer every request (a capability's endpoints changing must not leave a moment without the
     * API, as rebuilding and registering its servlet again did).
     */
    private static final class ApiWatch implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        ApiWatch() {
            org.labctl.tests.harness.Http http = labd.admin();
            thread = new Thread(() -> {
                while (running.get()) {
                    String failure;
                    try {
                        org.labctl.tests.harness.Http.Response response = http.get(labd.url("/api/v1/servers"));
                        failure = response.status() == 200 ? null : response.status() + " " + response.body();
                    } catch (java.io.IOException | RuntimeException e) {
                        failure = e.toString();
                    }
                    answered.incrementAndGet();
                    if (failure != null && failures.size() < 20) {
                        failures.add(failure);
                    }
                }
            }, "api-watch");
            thread.start();
        }

        void assertAlwaysServed() {
            Await.until(Duration.ofSeconds(10), "the watch to ask a few times", () -> answered.get() >= 5);
            close();
            assertEquals(List.of(), failures, "requests to the API while a capability changed, out of " + answered.get());
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    @Order(1)
    void theBastionCapabilityGoesAwayCleanly() {
        assertTrue(ok(admin.run("provision", "list")).stdout().contains(MAC));
        assertEquals(0, admin.run("auth", "can-i", "manage", "bastion/lab").exitCode());

        try (ApiWatch watch = new ApiWatch()) {
            ok(console.admin("feature:uninstall labd-bastion"));
            Await.until(Duration.ofSeconds(30), "the bastions' REST paths to go", () -> admin.run("get", "bastions").exitCode() == 5);
            watch.assertAlwaysServed();
        }
        Commands.Result get = admin.run("get", "bastions");
        assertTrue(get.stderr().contains("'bastion' is not installed in this labd"), get.toString());
        Commands.Result list = admin.run("provision", "list");
        assertEquals(5, list.exitCode(), list.toString());
        assertTrue(list.stderr().contains("not installed"), list.toString());
        Commands.Result canI = admin.run("auth", "can-i", "manage", "bastion/lab");
        assertEquals(5, canI.exitCode(), canI.toString());
        assertTrue(canI.stderr().contains("'bastion' is not installed"), canI.toString());
        Commands.Result http = admin.run("get", "servers", "-o", "json");
        assertEquals(0, http.exitCode(), http.toString());
        assertTrue(console.admin("feature:list -i").stdout().lines().noneMatch(line -> line.startsWith("labd-bastion ")),
                "labd-bastion is not installed any more");
        theRestStillWorks();
    }

    @Test
    @Order(2)
    void theBastionCapabilityComesBackWithItsState() {
        try (ApiWatch watch = new ApiWatch()) {
            ok(console.admin("feature:install labd-bastion"));
            Await.until(Duration.ofSeconds(60), "the bastion of lab to answer again", () -> admin.run("provision", "list").exitCode() == 0);
            watch.assertAlwaysServed();
        }
        assertTrue(ok(admin.run("provision", "list")).stdout().contains(MAC), "the machine discovered before is still there");
        JsonNode bastions = Json.tree(ok(admin.run("get", "bastions", "-o", "json")).stdout());
        assertEquals("lab", bastions.get(0).path("environment").asText(), bastions.toString());
        assertEquals(0, admin.run("auth", "can-i", "manage", "bastion/lab").exitCode());
        theRestStillWorks();
    }

    @Test
    @Order(3)
    void theLogsCapabilityGoesAwayAndComesBack() {
        assertFalse(ok(admin.run("logs", "agent/web-1", "-n", "3")).stdout().isBlank());

        ok(console.admin("feature:uninstall labd-logs"));

        Await.until(Duration.ofSeconds(30), "the log session kinds to go", () -> admin.run("logs", "agent/web-1", "-n", "3").exitCode() == 5);
        Commands.Result logs = admin.run("logs", "agent/web-1", "-n", "3");
        assertTrue(logs.stderr().contains("not installed"), logs.toString());
        theRestStillWorks();

        ok(console.admin("feature:install labd-logs"));
        Await.until(Duration.ofSeconds(60), "the log session kinds to come back",
                () -> admin.run("logs", "agent/web-1", "-n", "3").exitCode() == 0);
        assertFalse(ok(admin.run("logs", "agent/web-1", "-n", "3")).stdout().isBlank());
    }

    /** A bundle a module of the repository built (mvn install). */
    private static Path built(String module, String pattern) throws java.io.IOException {
        try (var jars = Files.list(Repo.root().resolve(module).resolve("target"))) {
            return jars.filter(jar -> jar.getFileName().toString().matches(pattern)).findFirst()
                    .orElseThrow(() -> new AssertionError(module + " is not built (mvn install)"));
        }
    }

    /**
     * A {@code notes.echo} session, the example's session kind, over labd's stream at the wire level
     * (labctl has no command for it; its relay, the agent's dispatcher and the frames are the same for
     * every kind).
     */
    private static StreamClient.Session echo(StreamClient as, String server, String text) {
        return as.run(server, "notes.echo", Map.of("text", text));
    }

    private static StreamClient.Session echoed(StreamClient as, String server, String text) {
        StreamClient.Session session = echo(as, server, text);
        if (!session.exited()) {
            throw new AssertionError("the echo did not run: " + session);
        }
        return session;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** What labctl makes of an error frame: the exit code of its failure, from labctl's one table. */
    private static int exitCode(ExecFrame error) {
        assertEquals(ExecProtocol.ERROR, error.type(), error.toString());
        return ExitCode.of(Failure.of(error.status()));
    }

    /** The README's example capability (tests/example-bundle): a kind, a REST resource, its own table, a command, a session kind. */
    @Test
    @Order(4)
    void theExampleCapabilityPlugsIn() throws Exception {
        org.labctl.tests.harness.Http http = labd.admin();
        StreamClient adminStream = new StreamClient(labd, labd.adminConfig(), "hotdeploy-notes");
        assertEquals(404, http.getUnchecked(labd.url("/api/v1/notes")).status(), "no such path before the bundle is there");
        assertEquals(ExitCode.UNREACHABLE, exitCode(echo(adminStream, "web-1", "hello").end()), "no such session kind either");

        Path bundle = built("tests/example-bundle", "org\\.labctl\\.example\\.notes-.*\\.jar");
        String installed = ok(console.admin("bundle:install -s file:" + bundle)).stdout();
        exampleBundleId = installed.replaceAll("(?s).*Bundle ID: *(\\d+).*", "$1").trim();
        Await.until(Duration.ofSeconds(60), "the notes endpoint", () -> http.getUnchecked(labd.url("/api/v1/notes")).status() == 200);
        assertEquals(200, http.putUnchecked(labd.url("/api/v1/notes/hello"), "{\"body\":\"plugged in\"}").status());
        assertEquals(400, http.putUnchecked(labd.url("/api/v1/notes/Not_A_Name"), "{\"body\":\"x\"}").status());
        JsonNode notes = Json.tree(http.getUnchecked(labd.url("/api/v1/notes")).body());
        assertEquals("plugged in", notes.get(0).path("body").asText(), notes.toString());
        assertEquals("admin", notes.get(0).path("createdBy").asText(), notes.toString());
        assertEquals(0, admin.run("auth", "can-i", "manage", "note/hello").exitCode());
        assertTrue(ok(console.admin("lab:notes")).stdout().contains("plugged in"));
        JsonNode rows = Json.tree(http.getUnchecked(labd.url("/api/v1/audit?action=manage&limit=5")).body());
        assertTrue(rows.toString().contains("*:*:notes"), "the write is audited at the kind's address: " + rows);

        // its session kind: web-1's agent has no handler for it yet, which it says at once, as for any kind it lacks
        StreamClient.Session lacking = Await.until(Duration.ofSeconds(30), "the notes.echo kind in labd", () -> {
            StreamClient.Session session = echo(adminStream, "web-1", "hello");
            return Failure.UNAVAILABLE.code().equals(session.end().error()) ? null : session;
        });
        assertEquals(ExitCode.NOT_FOUND, exitCode(lacking.end()), lacking.toString());
        assertEquals("this server runs no notes.echo (its lab-agent has no handler for 'notes.echo' sessions)",
                lacking.end().message());

        // given the example's agent bundle (lab-agent runs every bundle of its lib/, read when it starts), end to end:
        // the stream, labd's relay, web-1's agent and its dispatcher, the handler
        Path handler = built("tests/example-agent-bundle", "org\\.labctl\\.example\\.notes\\.agent-.*\\.jar");
        Files.copy(handler, AgentProcess.unpack(dir).resolve("lib").resolve(handler.getFileName()));
        agent.kill();
        agent.start();
        StreamClient.Session echo = Await.until(Duration.ofSeconds(60), "web-1's agent back, with the notes.echo handler",
                () -> echoed(adminStream, "web-1", "plugged in"));
        assertEquals(0, echo.end().code(), echo.toString());
        assertEquals(agent.handle().pid(), echo.single(ExecProtocol.STARTED).pid(), "web-1's agent answered");
        JsonNode answer = Json.tree(echo.stdout());
        assertEquals("plugged in", answer.path("text").asText(), answer.toString());
        assertEquals("admin", answer.path("by").asText(), "labd says who asked: " + answer);
        assertEquals(sha256("plugged in"), answer.path("sha256").asText(), answer.toString());
        assertEquals(Json.tree(labd.get("/api/v1/servers/web-1").body()).path("facts").path("hostname").asText(),
                answer.path("host").asText(), answer.toString());
        // the echo that answered: tries while the agent was coming back may have rows of their own before it
        JsonNode audited = Await.until(Duration.ofSeconds(30), "the echo's audit row, closed", () -> {
            for (JsonNode row : Json.tree(http.getUnchecked(labd.url("/api/v1/audit?session=hotdeploy-notes&result=allowed"))
                    .body())) {
                if (Json.tree(row.path("details").asText()).path("outcome").asText().equals("exited")) {
                    return row;
                }
            }
            return null;
        });
        assertEquals("NOTES", audited.path("method").asText(), audited.toString());
        assertEquals("notes echo server/web-1", audited.path("path").asText(), audited.toString());
        assertEquals("read", audited.path("action").asText(), audited.toString());
        assertEquals("admin", audited.path("user").asText(), audited.toString());
        assertEquals(10, Json.tree(audited.path("details").asText()).path("characters").asInt(), "what the kind adds: " + audited);

        StreamClient.Session malformed = adminStream.run("web-1", "notes.echo", Map.of("txt", "hello"));
        assertEquals(Failure.INVALID_ARGUMENT.code(), malformed.end().error(), malformed.toString());
        assertTrue(malformed.end().message().contains("needs a text of 1 to 4096 characters"), malformed.toString());

        // a user who may not read web-1 is refused as for exec: permission denied (labctl's exit 3), named, audited
        Path eveConfig = dir.resolve("eve.yaml");
        ok(admin.run("create", "user", "eve", "--out", eveConfig.toString()));
        Commands.Result exec = new Labctl(dir, eveConfig).env("HOME", dir.toString()).run("exec", "web-1", "--", "true");
        assertEquals(ExitCode.PERMISSION_DENIED, exec.exitCode(), exec.toString());
        assertTrue(exec.stderr().contains("permission denied: exec on server/web-1 needs exec:*:*:web-1"), exec.toString());
        StreamClient.Session refused = echo(new StreamClient(labd, eveConfig, "hotdeploy-eve"), "web-1", "hello");
        assertEquals(exec.exitCode(), exitCode(refused.end()), refused.toString());
        assertEquals(Failure.PERMISSION_DENIED.code(), refused.end().error(), refused.toString());
        assertTrue(refused.end().message().startsWith("permission denied: notes echo on server/web-1 needs read:*:*:web-1 ("),
                refused.toString());
        JsonNode denied = Json.tree(http.getUnchecked(labd.url("/api/v1/audit?session=hotdeploy-eve")).body()).path(0);
        assertEquals("denied", denied.path("result").asText(), denied.toString());
        assertEquals("NOTES", denied.path("method").asText(), denied.toString());
    }

    @Test
    @Order(5)
    void theExampleCapabilityGoesAwayAndComesBack() {
        org.labctl.tests.harness.Http http = labd.admin();
        StreamClient adminStream = new StreamClient(labd, labd.adminConfig(), "hotdeploy-notes");

        ok(console.admin("bundle:stop " + exampleBundleId));
        Await.until(Duration.ofSeconds(30), "the notes to go", () -> http.getUnchecked(labd.url("/api/v1/notes")).status() == 503);
        assertTrue(http.getUnchecked(labd.url("/api/v1/notes")).body().contains("'note' is not installed"));
        Commands.Result canI = admin.run("auth", "can-i", "manage", "note/hello");
        assertEquals(5, canI.exitCode(), canI.toString());
        StreamClient.Session gone = echo(adminStream, "web-1", "hello");
        assertEquals(canI.exitCode(), exitCode(gone.end()), gone.toString());
        assertEquals(Failure.UNAVAILABLE.code(), gone.end().error(), gone.toString());
        assertEquals("'notes.echo' sessions are not installed in this labd (the bundle that serves them is not running)",
                gone.end().message());
        theRestStillWorks();

        ok(console.admin("bundle:start " + exampleBundleId));
        Await.until(Duration.ofSeconds(60), "the notes to come back", () -> http.getUnchecked(labd.url("/api/v1/notes")).status() == 200);
        JsonNode back = Json.tree(http.getUnchecked(labd.url("/api/v1/notes")).body());
        assertEquals("plugged in", back.get(0).path("body").asText(), "its table and data are as it left them: " + back);
        StreamClient.Session again = Await.until(Duration.ofSeconds(30), "notes.echo sessions again",
                () -> echoed(adminStream, "web-1", "back"));
        assertEquals("back", Json.tree(again.stdout()).path("text").asText(), again.toString());
        ok(console.admin("bundle:uninstall " + exampleBundleId));
    }
}
