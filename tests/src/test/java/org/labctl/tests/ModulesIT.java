package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Modules, labd's side, through the real labctl against a real labd: added from a directory and from a git
 * repository made here with the git binary ({@code git+file://…@v1}), listed and described (commit, digests, who
 * added it), served to the enrolled agents they target (their endpoints and the {@code modules} topic, spoken by this
 * test over mutual TLS with each agent's certificate, as lab-agent speaks them), upgraded, rolled back and removed;
 * a module's labd feature installed in labd and uninstalled; and every bad input refused with a clear error and
 * nothing changed. Three servers: web-1 (role worker, ntp=true), web-2 (role worker), db-1 (role db).
 */
class ModulesIT {

    private static LabdProcess labd;
    private static Path dir;
    private static Labctl admin;
    private static Http adminHttp;
    private static X509Certificate ca;
    private static final Map<String, SSLContext> AGENTS = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("modules");
        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        adminHttp = labd.admin();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        enroll("web-1", "role=worker", "ntp=true");
        enroll("web-2", "role=worker");
        enroll("db-1", "role=db");
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private static void enroll(String name, String... labels) throws Exception {
        StringBuilder json = new StringBuilder();
        for (String label : labels) {
            String[] pair = label.split("=", 2);
            json.append(json.length() == 0 ? "" : ",").append(Json.quote(pair[0])).append(':').append(Json.quote(pair[1]));
        }
        String token = Json.tree(adminHttp.post(labd.url("/api/v1/tokens"), "{\"labels\":{" + json + "}}").body()).path("token").asText();
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(ca, null, null)).post(labd.url("/api/v1/enroll"), "{\"token\":"
                + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name
                + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        X509Certificate certificate = Tls.certificate(Json.tree(enrolled.body()).path("certificate").asText());
        AGENTS.put(name, Tls.context(ca, certificate, keys.getPrivate()));
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static Commands.Result fails(int exitCode, String says, Commands.Result result) {
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(says), "says '" + says + "': " + result);
        return result;
    }

    private static JsonNode json(Commands.Result result) {
        return Json.tree(ok(result).stdout());
    }

    /** A module's directory: module.yaml and its agent bundle, whose bytes differ with the version. */
    private static Path module(Path where, String name, String version, String rest) throws IOException {
        Files.createDirectories(where);
        Files.writeString(where.resolve("module.yaml"), "name: " + name + "\nversion: " + version + "\n" + rest
                + "agent:\n  bundles: [" + name + "-agent.jar]\n");
        Files.write(where.resolve(name + "-agent.jar"), jar(name + " " + version));
        return where;
    }

    private static byte[] jar(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nX-Content: " + content + "\n").getBytes());
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String git(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@labctl.invalid"));
        command.addAll(List.of(args));
        Commands.Result result = Commands.run(repo, Map.of(), 60, command);
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdout().trim();
    }

    private static Http agent(String server) {
        return new Http(AGENTS.get(server));
    }

    private static List<String> names(JsonNode modules) {
        List<String> names = new ArrayList<>();
        modules.forEach(module -> names.add(module.path("name").asText()));
        return names;
    }

    /** Collects what labd sends on an agent's socket. */
    private static final class Frames implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(Json.tree(partial.toString()));
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        /** The next frame of that type within 15 s. */
        JsonNode next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                JsonNode frame = received.poll(500, TimeUnit.MILLISECONDS);
                if (frame != null && type.equals(frame.path("type").asText())) {
                    return frame;
                }
            }
            throw new AssertionError("no " + type + " frame within 15 s");
        }
    }

    private static WebSocket connect(String server, Frames frames) throws Exception {
        return HttpClient.newBuilder().sslContext(AGENTS.get(server)).build().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("wss://127.0.0.1:" + labd.port() + "/agent"), frames).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aModuleFromADirectoryAndFromGitReachesTheAgentsItTargetsAndIsUpgradedRolledBackAndRemoved() throws Exception {
        // from a directory, with a required parameter
        Path clock = module(dir.resolve("clock"), "clock", "1.0.0", "targets:\n  roles: [worker]\n  labels: {ntp: \"true\"}\n"
                + "parameters:\n  zone: {type: string, required: true}\n  maxOffsetMs: {type: integer, default: 100}\n");
        fails(2, "zone: required", admin.run("modules", "add", clock.toString()));
        assertTrue(ok(admin.run("modules", "add", clock.toString(), "--set", "zone=Europe/Paris")).stdout()
                .contains("module clock 1.0.0 added; it targets role worker with label ntp=true: 1 server"));
        JsonNode described = json(admin.run("modules", "describe", "clock", "-o", "json"));
        assertEquals("upload:dir", described.path("module").path("source").asText());
        assertEquals("admin", described.path("module").path("addedBy").asText());
        assertEquals("Europe/Paris", described.path("parameters").path("zone").asText());
        assertEquals(100, described.path("parameters").path("maxOffsetMs").asInt());
        byte[] clockJar = Files.readAllBytes(clock.resolve("clock-agent.jar"));
        assertEquals(sha256(clockJar), described.path("files").get(1).path("sha256").asText(), described.toString());
        assertEquals(sha256(Files.readAllBytes(clock.resolve("module.yaml"))), described.path("files").get(0).path("sha256").asText());

        // from git at a tag: the repository holds the built module; the commit is recorded
        Path repo = module(dir.resolve("greeter.git"), "greeter", "1.0.0", "targets: {roles: [worker]}\n"
                + "dependencies: {clock: \"[1.0,2.0)\"}\nparameters:\n  greeting: {type: string, default: hello}\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "v1");
        git(repo, "tag", "v1");
        String v1 = git(repo, "rev-parse", "v1^{commit}");
        String source = "git+file://" + repo + "@v1";
        assertTrue(ok(admin.run("modules", "add", source)).stdout().contains("from commit " + v1));
        JsonNode greeter = json(admin.run("modules", "describe", "greeter", "-o", "json")).path("module");
        assertEquals(v1, greeter.path("commit").asText());
        assertEquals(source, greeter.path("source").asText());
        JsonNode list = json(admin.run("modules", "list", "-o", "json"));
        assertEquals(List.of("clock", "greeter"), names(list), "dependencies first");
        assertTrue(ok(admin.run("modules", "list")).stdout().contains("greeter"));

        // the agents' endpoints: what each server runs, and the files, only to the agents of servers they target
        JsonNode forWeb1 = Json.tree(agent("web-1").get(labd.url("/api/v1/agent/modules")).body());
        assertEquals(List.of("clock", "greeter"), names(forWeb1.path("modules")), forWeb1.toString());
        assertEquals("Europe/Paris", forWeb1.path("modules").get(0).path("parameters").path("zone").asText());
        JsonNode bundle = forWeb1.path("modules").get(0).path("bundles").get(0);
        assertEquals(sha256(clockJar), bundle.path("sha256").asText());
        Http.Bytes file = agent("web-1").getBytes(labd.url(bundle.path("url").asText()));
        assertEquals(200, file.status());
        assertEquals(sha256(clockJar), sha256(file.body()), "the bytes pinned");
        assertEquals(List.of("greeter"), names(Json.tree(agent("web-2").get(labd.url("/api/v1/agent/modules")).body()).path("modules")));
        assertEquals(List.of(), names(Json.tree(agent("db-1").get(labd.url("/api/v1/agent/modules")).body()).path("modules")));
        assertEquals(404, agent("db-1").getBytes(labd.url(bundle.path("url").asText())).status(), "not db-1's module");
        assertEquals(404, agent("web-2").getBytes(labd.url(bundle.path("url").asText())).status(), "web-2 has no ntp label");
        assertEquals(403, adminHttp.getBytes(labd.url(bundle.path("url").asText())).status(), "no user may use the agents' paths");
        assertEquals(403, adminHttp.get(labd.url("/api/v1/agent/modules")).status());
        String first = forWeb1.path("generation").asText();

        // the topic: each ack carries the generation, a report is stored, a change is pushed at once
        Frames frames = new Frames();
        WebSocket socket = connect("web-1", frames);
        socket.sendText("{\"type\":\"heartbeat\",\"agentVersion\":\"0.1.0-test\",\"facts\":{},\"reports\":{\"modules\":["
                + "{\"name\":\"clock\",\"version\":\"1.0.0\",\"state\":\"ready\",\"health\":{\"status\":\"HEALTHY\","
                + "\"message\":\"offset 2 ms\",\"checks\":[]},\"error\":null,\"since\":\"2026-12-01T10:00:00Z\"},"
                + "{\"name\":\"greeter\",\"version\":\"1.0.0\",\"state\":\"exploded\"}]}}", true).get(5, TimeUnit.SECONDS);
        JsonNode ack = frames.next("ack");
        assertEquals(first, ack.path("notices").path("modules").path("generation").asText(), ack.toString());
        JsonNode status = json(admin.run("modules", "status", "clock", "-o", "json"));
        assertEquals("ready", status.get(0).path("state").asText(), status.toString());
        assertEquals("HEALTHY", status.get(0).path("health").path("status").asText());
        JsonNode greeterStatus = Json.tree(adminHttp.get(labd.url("/api/v1/modules/greeter/status")).body());
        assertEquals(List.of("pending", "pending"), greeterStatus.findValuesAsText("state"), "the malformed entry is refused alone");
        assertEquals(1, Json.tree(adminHttp.get(labd.url("/api/v1/modules")).body()).get(0).path("ready").asInt());

        // upgrade to the tag v2: a new version with another default; the agent hears of it at once
        Files.writeString(repo.resolve("module.yaml"), Files.readString(repo.resolve("module.yaml"))
                .replace("1.0.0", "1.1.0").replace("default: hello", "default: bonjour"));
        git(repo, "commit", "-q", "-am", "v2");
        git(repo, "tag", "v2");
        assertTrue(ok(admin.run("modules", "add", "git+file://" + repo + "@v2")).stdout().contains("1.0.0 kept for a rollback"));
        String second = frames.next("notice").path("notices").path("modules").path("generation").asText();
        assertNotEquals(first, second);
        JsonNode upgraded = Json.tree(agent("web-1").get(labd.url("/api/v1/agent/modules")).body());
        assertEquals(second, upgraded.path("generation").asText());
        assertEquals("bonjour", upgraded.path("modules").get(1).path("parameters").path("greeting").asText());
        JsonNode detail = json(admin.run("modules", "describe", "greeter", "-o", "json"));
        assertEquals("1.1.0", detail.path("module").path("version").asText());
        assertEquals("1.0.0", detail.path("previous").path("version").asText());
        assertEquals(v1, detail.path("previous").path("commit").asText());

        // rollback: back to what the agents had, generation included
        assertTrue(ok(admin.run("modules", "rollback", "greeter")).stdout().contains("rolled back to 1.0.0"));
        assertEquals(first, frames.next("notice").path("notices").path("modules").path("generation").asText());

        // removal: not while another module needs it
        fails(1, "greeter 1.0.0 needs clock", admin.run("modules", "remove", "clock"));
        ok(admin.run("modules", "remove", "greeter"));
        ok(admin.run("modules", "remove", "clock"));
        assertEquals(List.of(), names(Json.tree(adminHttp.get(labd.url("/api/v1/modules")).body())));
        assertEquals(List.of(), names(Json.tree(agent("web-1").get(labd.url("/api/v1/agent/modules")).body()).path("modules")));
        socket.abort();

        // every step in the audit log, what it did in its details
        List<String> changes = new ArrayList<>();
        boolean commitAudited = false;
        for (JsonNode row : Json.tree(adminHttp.get(labd.url("/api/v1/audit?action=manage&limit=1000")).body())) {
            if (row.path("path").asText().startsWith("/api/v1/modules") && row.path("details").isTextual()) {
                JsonNode details = Json.tree(row.path("details").asText());
                if (details.path("module").asText().matches("clock|greeter") && "allowed".equals(row.path("result").asText())) {
                    changes.add(details.path("module").asText() + ":" + details.path("change").asText());
                    commitAudited |= v1.equals(details.path("commit").asText());
                }
            }
        }
        assertEquals(List.of("clock:add", "greeter:add", "greeter:upgrade", "greeter:rollback", "greeter:remove", "clock:remove"),
                changes);
        assertTrue(commitAudited, "the commit is in the add's details");
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() throws Exception {
        Path base = module(dir.resolve("bad/base"), "base", "1.0.0", "targets: {all: true}\n");
        ok(admin.run("modules", "add", base.toString()));
        ok(admin.run("modules", "add", module(dir.resolve("bad/app"), "app", "1.0.0",
                "targets: {all: true}\ndependencies: {base: \"[1.0,2.0)\"}\n").toString()));
        JsonNode before = Json.tree(adminHttp.get(labd.url("/api/v1/modules")).body());

        fails(4, "no such directory", admin.run("modules", "add", dir.resolve("bad/nowhere").toString()));
        fails(4, "no such repository", admin.run("modules", "add", "git+file://" + dir.resolve("bad/no-repo") + "@v1"));
        fails(2, "module.yaml: name", admin.run("modules", "add",
                module(dir.resolve("bad/name"), "Bad_Name", "1.0.0", "targets: {all: true}\n").toString()));
        fails(1, "neither installed nor being added", admin.run("modules", "add", module(dir.resolve("bad/orphan"), "orphan", "1.0.0",
                "targets: {all: true}\ndependencies: {missing: \"1.0\"}\n").toString()));
        fails(2, "dependency cycle", admin.run("modules", "add", module(dir.resolve("bad/base-2"), "base", "1.1.0",
                "targets: {all: true}\ndependencies: {app: \"1.0\"}\n").toString()));
        fails(2, "matches no server", admin.run("modules", "add", module(dir.resolve("bad/nowhere-module"), "lonely", "1.0.0",
                "targets: {labels: {rack: r99}}\n").toString()));

        // what arrived is not what the sender pinned
        byte[] zip = zip(Map.of("module.yaml", Files.readAllBytes(base.resolve("module.yaml")),
                "base-agent.jar", Files.readAllBytes(base.resolve("base-agent.jar"))));
        Http.Response mismatch = adminHttp.post(labd.url("/api/v1/modules?digest=base-agent.jar:" + "0".repeat(64)),
                "application/zip", zip);
        assertEquals(409, mismatch.status(), mismatch.body());
        assertTrue(mismatch.body().contains("is not the file that was pinned"), mismatch.body());
        // a name that leads out of the archive, and a bomb past the 64 MiB a module has
        Http.Response slip = adminHttp.post(labd.url("/api/v1/modules"), "application/zip",
                zip(Map.of("module.yaml", "x".getBytes(), "../../etc/cron.d/evil", "x".getBytes())));
        assertEquals(400, slip.status(), slip.body());
        assertTrue(slip.body().contains("leads out of the archive"), slip.body());
        Http.Response bomb = adminHttp.post(labd.url("/api/v1/modules"), "application/zip",
                zip(Map.of("module.yaml", Files.readAllBytes(base.resolve("module.yaml")), "base-agent.jar", new byte[65 * 1024 * 1024])));
        assertEquals(413, bomb.status(), bomb.body());
        assertTrue(bomb.body().contains("payload_too_large"), bomb.body());
        Http.Response notZip = adminHttp.post(labd.url("/api/v1/modules"), "text/plain", "module".getBytes());
        assertEquals(415, notZip.status(), "a module comes as a zip, or as JSON naming its source: " + notZip.body());
        Http.Response noSource = adminHttp.post(labd.url("/api/v1/modules"), "{}");
        assertEquals(400, noSource.status(), noSource.body());
        assertTrue(noSource.body().contains("give the module's source"), noSource.body());

        assertEquals(before, Json.tree(adminHttp.get(labd.url("/api/v1/modules")).body()), "nothing changed");
        ok(admin.run("modules", "remove", "app"));
        ok(admin.run("modules", "remove", "base"));
    }

    @Test
    void aCallerNeedsApplyOnEveryServerAModuleTargetsAndLearnsNothingOfTheOthers() throws Exception {
        Path dave = dir.resolve("dave.labctl.yaml");
        ok(admin.run("create", "user", "dave", "--out", dave.toString()));
        Labctl asDave = new Labctl(dir, dave).env("HOME", dir.toString());
        fails(3, "read:*:*:modules", asDave.run("modules", "list"));
        ok(admin.run("create", "role", "module-maker", "--allow", "manage:*:*:modules", "--allow", "read:*:*:modules",
                "--allow", "apply:*:*:web-1", "--allow", "read:*:*:web-1", "--allow", "read:*:*:db-1"));
        ok(admin.run("bind", "role", "module-maker", "--user", "dave"));

        // web-2, which dave may not read, is neither named nor placed; db-1, which dave may read, is
        Path workers = module(dir.resolve("rbac/workers"), "workers", "1.0.0", "targets: {roles: [worker]}\n");
        Commands.Result hidden = fails(3, "servers you may not read", asDave.run("modules", "add", workers.toString()));
        assertFalse(hidden.stderr().contains("web-2"), "web-2 is not named to who may not read it: " + hidden);
        Path databases = module(dir.resolve("rbac/databases"), "databases", "1.0.0", "targets: {roles: [db]}\n");
        Commands.Result named = fails(3, "targets server db-1", asDave.run("modules", "add", databases.toString()));
        assertTrue(named.stderr().matches("(?s).*needs apply:[^:]+:[^:]+:db-1.*"), "names db-1's real address: " + named);

        Path ntp = module(dir.resolve("rbac/ntp"), "ntp-only", "1.0.0", "targets: {labels: {ntp: \"true\"}}\n");
        ok(asDave.run("modules", "add", ntp.toString()));
        assertEquals("dave", Json.tree(adminHttp.get(labd.url("/api/v1/modules/ntp-only")).body()).path("module").path("addedBy").asText());
        ok(asDave.run("modules", "remove", "ntp-only"));
        assertEquals(List.of(), names(Json.tree(adminHttp.get(labd.url("/api/v1/modules")).body())).stream()
                .filter(List.of("workers", "databases", "ntp-only")::contains).toList());
    }

    @Test
    void aModulesLabdFeatureIsInstalledInLabdAndUninstalledWithIt() throws Exception {
        Path notes = Files.createDirectories(dir.resolve("notes"));
        try (var jars = Files.list(Repo.root().resolve("tests/example-bundle/target"))) {
            Path built = jars.filter(j -> j.getFileName().toString().matches("org\\.labctl\\.example\\.notes-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("tests/example-bundle is not built (mvn install)"));
            Files.copy(built, notes.resolve("notes-labd-1.0.0.jar"));
        }
        Files.writeString(notes.resolve("module.yaml"), "name: notes\nversion: 1.0.0\nlabd: {feature: notes}\n");
        Files.writeString(notes.resolve("features.xml"), "<features name=\"notes-module\" "
                + "xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"notes\" version=\"1.0.0\">"
                + "<bundle>notes-labd-1.0.0.jar</bundle></feature></features>");
        assertEquals(404, adminHttp.get(labd.url("/api/v1/notes")).status());
        ok(admin.run("modules", "add", notes.toString()));
        Await.until(Duration.ofSeconds(30), "the notes endpoint of the module's labd feature",
                () -> adminHttp.getUnchecked(labd.url("/api/v1/notes")).status() == 200);
        assertEquals("notes", json(admin.run("modules", "describe", "notes", "-o", "json")).path("module").path("labdFeature").asText());
        ok(admin.run("modules", "remove", "notes"));
        Await.until(Duration.ofSeconds(30), "the notes kind gone", () -> adminHttp.getUnchecked(labd.url("/api/v1/notes")).status() == 503);
        assertNotNull(labd.health());
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
            }
        }
        return bytes.toByteArray();
    }
}
