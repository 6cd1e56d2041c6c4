package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;

/**
 * Modules from Maven sources through the real labctl against a real labd: {@code labctl modules repos add|list|remove}
 * and {@code labctl modules add mvn:GROUP/ARTIFACT/VERSION}. The Maven repository is a stand-in for a repository manager
 * such as Nexus or Artifactory: the JDK's HTTP server, made here, serving a directory in Maven's layout (artifacts
 * with their {@code .sha1} and {@code .sha256}) behind HTTP basic authentication, under any first path segment (so
 * that several repository URLs reach it). What it shows: a module added from it with credentials (source, artifact
 * SHA-256 and who added it in {@code modules describe}); wrong or missing credentials, an artifact that does not match
 * its {@code .sha1}, a SNAPSHOT, a range and a missing artifact each refused with a clear error and nothing stored;
 * the password in no answer, log file or audit row; a user without manage refused.
 */
class ModulesMavenIT {

    private static final String USER = "deploy";
    private static final String PASSWORD = "Nx-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    private static LabdProcess labd;
    private static Path dir;
    private static Path maven;
    private static Labctl admin;
    private static Http adminHttp;
    private static HttpServer repository;
    private static final List<String> ASKED = new CopyOnWriteArrayList<>();
    private static byte[] clockZip;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("modules-maven");
        maven = Files.createDirectories(dir.resolve("maven"));
        clockZip = moduleZip("clock", "1.0.0");
        publish("org/example/lab/clock/1.0.0/clock-1.0.0.zip", clockZip, clockZip);
        publish("org/example/lab/clock/1.1.0/clock-1.1.0.kar", moduleZip("clock", "1.1.0"), moduleZip("clock", "1.1.0"));
        // the artifact was replaced after its checksum was published
        publish("org/example/lab/tampered/1.0.0/tampered-1.0.0.zip", moduleZip("tampered", "1.0.0"),
                moduleZip("tampered", "0.9.0"));
        repository = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        repository.createContext("/", ModulesMavenIT::serve);
        repository.start();

        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        adminHttp = labd.admin();
        enroll("web-1");
    }

    @AfterAll
    static void stop() {
        if (repository != null) {
            repository.stop(0);
        }
        if (labd != null) {
            labd.close();
        }
    }

    /** The stand-in repository: {@code /ANY/PATH} is {@code PATH} of the Maven directory, for user deploy only. */
    private static void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            ASKED.add(path);
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"nexus\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String[] segments = path.split("/", 3);
            Path file = segments.length < 3 ? null : maven.resolve(segments[2]).normalize();
            if (file == null || !file.startsWith(maven) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String url(String context) {
        return "http://127.0.0.1:" + repository.getAddress().getPort() + "/" + context;
    }

    /** An artifact with the .sha1 and .sha256 of {@code checksummed} (the artifact itself, unless it was tampered with). */
    private static void publish(String path, byte[] artifact, byte[] checksummed) throws Exception {
        Path file = maven.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, artifact);
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), digest("SHA-1", checksummed));
        Files.writeString(file.resolveSibling(file.getFileName() + ".sha256"), digest("SHA-256", checksummed)
                + "  " + file.getFileName());
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    /** A module's directory zipped: module.yaml and its agent bundle. */
    private static byte[] moduleZip(String name, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name + "/module.yaml"));
            zip.write(("name: " + name + "\nversion: " + version + "\ntargets: {roles: [worker]}\nagent:\n  bundles: ["
                    + name + "-agent.jar]\n").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(name + "/" + name + "-agent.jar"));
            zip.write(jar(name + " " + version));
        }
        return bytes.toByteArray();
    }

    private static byte[] jar(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\nX-Content: " + content + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void enroll(String name) throws Exception {
        String token = Json.tree(adminHttp.post(labd.url("/api/v1/tokens"), "{\"labels\":{\"role\":\"worker\"}}").body())
                .path("token").asText();
        KeyPair keys = TestPki.keyPair();
        X509Certificate ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
        Http.Response enrolled = new Http(Tls.context(ca, null, null)).post(labd.url("/api/v1/enroll"), "{\"token\":"
                + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name
                + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static Commands.Result fails(int exitCode, String says, Commands.Result result) {
        assertEquals(exitCode, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(says), "says '" + says + "': " + result);
        assertFalse(result.all().contains(PASSWORD), "the password is not shown: " + result);
        return result;
    }

    private static List<String> modules() {
        List<String> names = new ArrayList<>();
        Json.tree(ok(admin.run("modules", "list", "-o", "json")).stdout()).forEach(m -> names.add(m.path("name").asText()));
        return names;
    }

    private static Commands.Result addRepository(String context, String name, String password) {
        return password == null ? admin.run("modules", "repos", "add", url(context), "--name", name)
                : admin.run((password + "\n").getBytes(StandardCharsets.UTF_8), "modules", "repos", "add", url(context),
                "--name", name, "--username", USER, "--password-stdin");
    }

    @Test
    void aModuleFromARepositoryBehindBasicAuthenticationIsAddedPinnedAndNothingElseGetsIn() throws Exception {
        // credentials belong in --username and --password-*, never in the URL
        fails(2, "--username", admin.run("modules", "repos", "add",
                "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + repository.getAddress().getPort() + "/maven"));
        fails(2, "http or https", admin.run("modules", "repos", "add", "ftp://127.0.0.1/maven"));
        Path passwordFile = dir.resolve("nexus-password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        ok(admin.run("modules", "repos", "add", url("maven"), "--name", "nexus", "--username", USER, "--password-file",
                passwordFile.toString()));
        fails(1, "named nexus already", addRepository("other", "nexus", PASSWORD));
        JsonNode repos = Json.tree(ok(admin.run("modules", "repos", "list", "-o", "json")).stdout());
        assertEquals(1, repos.size(), repos.toString());
        assertEquals("nexus", repos.get(0).path("name").asText());
        assertEquals(url("maven"), repos.get(0).path("url").asText());
        assertEquals(USER, repos.get(0).path("username").asText());
        assertTrue(repos.get(0).path("hasPassword").asBoolean(), repos.toString());

        // a release with credentials: added, pinned, and described with where it came from
        Commands.Result added = ok(admin.run("modules", "add", "mvn:org.example.lab/clock/1.0.0"));
        assertTrue(added.stdout().contains("module clock 1.0.0 added"), added.toString());
        JsonNode described = Json.tree(ok(admin.run("modules", "describe", "clock", "-o", "json")).stdout());
        assertEquals("mvn:org.example.lab/clock/1.0.0/zip", described.path("module").path("source").asText());
        assertEquals(digest("SHA-256", clockZip), described.path("artifactSha256").asText());
        assertEquals("admin", described.path("module").path("addedBy").asText());
        assertEquals(2, described.path("files").size(), described.toString());
        String human = ok(admin.run("modules", "describe", "clock")).stdout();
        assertTrue(human.contains("Artifact sha256:") && human.contains(digest("SHA-256", clockZip)), human);
        assertTrue(human.contains("mvn:org.example.lab/clock/1.0.0/zip"), human);
        // a kar, as an upgrade
        ok(admin.run("modules", "add", "mvn:org.example.lab/clock/1.1.0/kar"));
        assertEquals("1.0.0", Json.tree(ok(admin.run("modules", "describe", "clock", "-o", "json")).stdout())
                .path("module").path("previousVersion").asText());

        // refused, each with nothing stored
        fails(2, "SNAPSHOT", admin.run("modules", "add", "mvn:org.example.lab/clock/1.2.0-SNAPSHOT"));
        fails(2, "version range", admin.run("modules", "add", "mvn:org.example.lab/clock/[1.0,2.0)"));
        fails(2, "type \"jar\"", admin.run("modules", "add", "mvn:org.example.lab/clock/1.0.0/jar"));
        fails(1, "does not match the repository's .sha", admin.run("modules", "add", "mvn:org.example.lab/tampered/1.0.0"));
        fails(4, "mvn:org.example.lab/absent/1.0.0/zip is in none of labd's module repositories (asked in order): nexus ("
                + url("maven") + "): not found (404)", admin.run("modules", "add", "mvn:org.example.lab/absent/1.0.0"));
        assertEquals(List.of("clock"), modules());

        // wrong and missing credentials: said so, nothing stored
        ok(admin.run("modules", "repos", "remove", "nexus"));
        ok(addRepository("wrong", "wrong-password", "not-" + PASSWORD));
        ok(addRepository("anonymous", "anonymous", null));
        Commands.Result refused = fails(4, "wrong-password (" + url("wrong") + "): refused labd's credentials for user deploy "
                + "(401); anonymous (" + url("anonymous") + "): needs credentials (401)",
                admin.run("modules", "add", "mvn:org.example.lab/clock/1.0.0"));
        assertFalse(refused.all().contains("not-" + PASSWORD), refused.toString());
        assertEquals("1.1.0", Json.tree(ok(admin.run("modules", "describe", "clock", "-o", "json")).stdout())
                .path("module").path("version").asText());
        ok(admin.run("modules", "repos", "remove", url("wrong") + "/"));
        ok(admin.run("modules", "repos", "remove", "anonymous"));
        assertEquals(0, Json.tree(ok(admin.run("modules", "repos", "list", "-o", "json")).stdout()).size());

        // audited, and the password nowhere: answers, labd's logs, audit rows
        ok(addRepository("maven", "nexus", PASSWORD));
        String listed = ok(admin.run("modules", "repos", "list", "-o", "json")).stdout()
                + ok(admin.run("modules", "repos", "list", "-o", "yaml")).stdout() + ok(admin.run("modules", "repos", "list")).stdout();
        String audit = adminHttp.get(labd.url("/api/v1/audit?limit=10000")).body();
        boolean repositoryAudited = false;
        for (JsonNode row : Json.tree(audit)) {
            if (row.path("path").asText().startsWith("/api/v1/module-repositories") && "POST".equals(row.path("method").asText())
                    && "allowed".equals(row.path("result").asText())) {
                JsonNode details = Json.tree(row.path("details").asText("{}"));
                repositoryAudited |= "nexus".equals(details.path("repository").asText()) && USER.equals(details.path("username").asText());
            }
        }
        assertTrue(repositoryAudited, "adding a repository is in the audit log, with its name and user");
        assertTrue(audit.contains(digest("SHA-256", clockZip)), "the artifact's digest is in the add's audit row");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Map<String, String> places = Map.of("repos list", listed, "the audit log", audit,
                "karaf.log", labd.log(), "labd's output", labd.output(), "labd's log files", logFiles());
        places.forEach((place, text) -> {
            assertFalse(text.contains(PASSWORD), "the password is in " + place);
            assertFalse(text.contains(basic), "the Authorization header is in " + place);
        });
    }

    @Test
    void aUserWithoutManageMayListRepositoriesButNotChangeThemNorAddFromThem() throws Exception {
        Path erin = dir.resolve("erin.labctl.yaml");
        ok(admin.run("create", "user", "erin", "--out", erin.toString()));
        ok(admin.run("create", "role", "module-reader", "--allow", "read:*:*:modules"));
        ok(admin.run("bind", "role", "module-reader", "--user", "erin"));
        Labctl asErin = new Labctl(dir, erin).env("HOME", dir.toString());
        int asked = ASKED.size();
        fails(3, "manage:*:*:modules", asErin.run((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), "modules", "repos", "add",
                url("erin"), "--username", USER, "--password-stdin"));
        fails(3, "manage:*:*:modules", asErin.run("modules", "add", "mvn:org.example.lab/clock/1.0.0"));
        ok(asErin.run("modules", "repos", "list"));
        fails(3, "manage:*:*:modules", asErin.run("modules", "repos", "remove", "nexus"));
        JsonNode repos = Json.tree(ok(admin.run("modules", "repos", "list", "-o", "json")).stdout());
        for (JsonNode repo : repos) {
            assertFalse(repo.path("url").asText().endsWith("/erin"), repos.toString());
        }
        assertEquals(asked, ASKED.size(), "labd asked no repository for a refused caller");
    }

    /** Every file under labd's log directory. */
    private static String logFiles() throws IOException {
        StringBuilder all = new StringBuilder();
        Path logs = labd.home().resolve("data/log");
        try (var files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }
}
