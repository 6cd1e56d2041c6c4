package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;

/**
 * A custom module end to end (issue 17, item 6), with real parts only: the example module {@code motd}
 * (tests/example-module, built with the module parent POM) is committed to a git repository made here, added with the
 * real labctl from {@code git+file://…@v1}, and applied by label to two of three real lab-agent processes, which
 * download its bundle from labd over mutual TLS, verify it, install it into their Felix runtime, configure it and report
 * it healthy. It is then upgraded to {@code @v2} (a new default message: the files and the reported health follow),
 * rolled back, followed onto a server that gains the label and off one that loses it, and removed: the files it wrote
 * are gone, the agents' runtimes hold none of its bundles and the agents run on; every step is in the audit log.
 */
class ModulesAgentIT {

    private static final Duration ROLLOUT = Duration.ofSeconds(90);
    private static Path dir;
    private static LabdProcess labd;
    private static Labctl admin;
    private static final Map<String, AgentProcess> AGENTS = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("modules-agents");
        labd = LabdProcess.unpack(dir);
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        for (String name : List.of("web-1", "web-2", "db-1")) {
            AGENTS.put(name, AgentProcess.enroll(dir, labd, name).start());
        }
        Await.until(ROLLOUT, "three agents Ready", () -> AGENTS.keySet().stream().allMatch(name ->
                Json.tree(labd.get("/api/v1/servers/" + name).body()).path("server").path("status").asText().equals("Ready")));
        ok(admin.run("label", "server/web-1", "motd=true"));
        ok(admin.run("label", "server/web-2", "motd=true"));
    }

    @AfterAll
    static void stop() {
        AGENTS.values().forEach(AgentProcess::close);
        if (labd != null) {
            labd.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static String git(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=test@labctl.invalid"));
        command.addAll(List.of(args));
        return ok(Commands.run(repo, Map.of(), 60, command)).stdout().trim();
    }

    /** motd's file on that server, as the parameter {@code path} below places it. */
    private static Path motd(String server) {
        return dir.resolve("motd").resolve(server).resolve("motd");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The module's rows of {@code labctl modules status motd -o json}, by server. */
    private static Map<String, JsonNode> status() {
        Map<String, JsonNode> rows = new TreeMap<>();
        Commands.Result result = admin.run("modules", "status", "motd", "-o", "json");
        if (result.exitCode() == 0) {
            Json.tree(result.stdout()).forEach(row -> rows.put(row.path("server").asText(), row));
        }
        return rows;
    }

    /** Waits until each named server reports motd in that version, ready and healthy, with that message in its file. */
    private static void awaitReady(List<String> servers, String version, String message) {
        Await.until(ROLLOUT, "motd " + version + " ready and healthy on " + servers, () -> {
            Map<String, JsonNode> rows = status();
            return servers.stream().allMatch(server -> {
                JsonNode row = rows.get(server);
                return row != null && version.equals(row.path("version").asText()) && "ready".equals(row.path("state").asText())
                        && "HEALTHY".equals(row.path("health").path("status").asText()) && message.equals(read(motd(server)));
            });
        });
    }

    /** A copy of the jar with another Bundle-Version: the bundle of another release, as its build would make it. */
    private static byte[] withBundleVersion(Path jar, String version) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream file = Files.newInputStream(jar); JarInputStream in = new JarInputStream(file)) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aGitModuleIsAppliedByLabelUpgradedRolledBackFollowsLabelsAndIsRemovedCleanly() throws Exception {
        Path built = Repo.root().resolve("tests/example-module/target/module");
        assertTrue(Files.isRegularFile(built.resolve("motd.jar")), "tests/example-module is built (mvn install)");

        // a module's repository holds the built module: v1 as the build made it, v2 with a new default message
        Path repo = Files.createDirectories(dir.resolve("motd.git"));
        Files.copy(built.resolve("module.yaml"), repo.resolve("module.yaml"));
        Files.copy(built.resolve("motd.jar"), repo.resolve("motd.jar"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "motd 1.0.0");
        git(repo, "tag", "v1");
        Files.writeString(repo.resolve("module.yaml"), Files.readString(repo.resolve("module.yaml")).replace("1.0.0", "2.0.0"));
        Files.write(repo.resolve("motd.jar"), withBundleVersion(built.resolve("motd.jar"), "2.0.0"));
        git(repo, "commit", "-q", "-am", "motd 2.0.0");
        git(repo, "tag", "v2");
        String v1 = git(repo, "rev-parse", "v1^{commit}");
        String path = "--set=path=" + dir.resolve("motd") + "/{server}/motd";

        // v1 by label on web-1 and web-2; db-1 is not touched
        Commands.Result added = ok(admin.run("modules", "add", "git+file://" + repo + "@v1", path));
        assertTrue(added.stdout().contains("from commit " + v1), added.toString());
        awaitReady(List.of("web-1", "web-2"), "1.0.0", "hello from motd 1.0.0");
        assertFalse(status().containsKey("db-1"), "db-1 has no label motd=true");
        assertFalse(Files.exists(dir.resolve("motd/db-1")));
        JsonNode health = status().get("web-1").path("health");
        assertTrue(health.toString().contains("says 'hello from motd 1.0.0'"), health.toString());
        String servers = ok(admin.run("get", "servers")).stdout();
        assertTrue(servers.contains("MODULES"), servers);
        assertTrue(servers.lines().anyMatch(line -> line.startsWith("web-1") && line.contains("1/1")), servers);
        assertTrue(AGENTS.get("web-1").log().contains("bundles of motd 1.0.0 verified and started"), AGENTS.get("web-1").log());

        // a hand edit is seen by the module's health check and reported
        Files.writeString(motd("web-2"), "edited by hand\n");
        Await.until(ROLLOUT, "web-2 reported degraded", () -> "DEGRADED".equals(status().get("web-2").path("health").path("status").asText()));

        // upgrade to v2: the new version's default message; configure rewrites the files, health follows
        Commands.Result other = admin.run("modules", "upgrade", "clock", "git+file://" + repo + "@v2", path);
        assertEquals(2, other.exitCode(), other.toString());
        assertTrue(other.stderr().contains("holds module motd, not clock; nothing sent"), other.toString());
        ok(admin.run("modules", "upgrade", "motd", "git+file://" + repo + "@v2", path));
        awaitReady(List.of("web-1", "web-2"), "2.0.0", "hello from motd 2.0.0");
        assertTrue(status().get("web-1").path("health").toString().contains("hello from motd 2.0.0"));
        assertEquals("2.0.0", Json.tree(ok(admin.run("modules", "describe", "motd", "-o", "json")).stdout())
                .path("module").path("version").asText());

        // rollback: back to 1.0.0 everywhere
        ok(admin.run("modules", "rollback", "motd"));
        awaitReady(List.of("web-1", "web-2"), "1.0.0", "hello from motd 1.0.0");

        // labels decide: db-1 gains the label and gets the module, web-2 loses it and the module leaves it
        ok(admin.run("label", "server/db-1", "motd=true"));
        ok(admin.run("label", "server/web-2", "motd-"));
        awaitReady(List.of("web-1", "db-1"), "1.0.0", "hello from motd 1.0.0");
        Await.until(ROLLOUT, "motd gone from web-2", () -> !status().containsKey("web-2") && !Files.exists(motd("web-2")));

        // a version that fails on the servers (its file's directory cannot be made) leaves the agents running and says why
        Files.writeString(dir.resolve("blocker"), "a file where motd wants a directory");
        ok(admin.run("modules", "add", "git+file://" + repo + "@v2", "--set=path=" + dir.resolve("blocker") + "/{server}/motd"));
        Await.until(ROLLOUT, "motd 2.0.0 failed on web-1 and db-1", () -> {
            Map<String, JsonNode> rows = status();
            return List.of("web-1", "db-1").stream().allMatch(server -> rows.containsKey(server)
                    && "failed".equals(rows.get(server).path("state").asText())
                    && rows.get(server).path("error").asText().contains("blocker"));
        });
        String wide = ok(admin.run("modules", "status", "motd", "-o", "wide")).stdout();
        assertTrue(wide.contains("failed") && wide.contains("blocker"), wide);
        AGENTS.values().forEach(agent -> assertTrue(agent.alive(), agent.name()));

        // remove, even while failed: the files go, the agents' runtimes forget the module, the agents run on
        ok(admin.run("modules", "remove", "motd"));
        Await.until(ROLLOUT, "motd removed from every server", () -> status().isEmpty()
                && AGENTS.keySet().stream().noneMatch(server -> Files.exists(motd(server))));
        for (AgentProcess agent : AGENTS.values()) {
            assertTrue(agent.alive(), agent.name() + " runs on");
            Path state = agent.data().resolve("modules/state.json");
            assertTrue(!Files.exists(state) || !Files.readString(state).contains("motd"), agent.name() + ": " + read(state));
        }
        for (String server : List.of("web-1", "db-1")) {
            String log = AGENTS.get(server).log();
            assertTrue(log.contains("removed motd 2.0.0; its bundles are uninstalled"), server + ": " + log);
        }

        // every step is in the audit log, under the admin, with what it did
        List<String> changes = new ArrayList<>();
        for (JsonNode row : Json.tree(ok(admin.run("logs", "audit", "--action", "manage", "-o", "json")).stdout())) {
            if (row.path("path").asText().startsWith("/api/v1/modules") && row.path("details").isTextual()
                    && "allowed".equals(row.path("result").asText())) {
                JsonNode details = Json.tree(row.path("details").asText());
                assertEquals("admin", row.path("user").asText(), row.toString());
                changes.add(details.path("change").asText() + " " + details.path("version").asText()
                        + (details.path("commit").isTextual() ? " " + details.path("commit").asText() : ""));
            }
        }
        String v2 = git(repo, "rev-parse", "v2^{commit}");
        assertEquals(List.of("add 1.0.0 " + v1, "upgrade 2.0.0 " + v2, "rollback 1.0.0", "upgrade 2.0.0 " + v2, "remove 2.0.0"),
                changes);
    }

    /**
     * A module author's path: {@code labctl modules new}, {@code mvn install} (the project's own test runs the built
     * module in the module test runtime), {@code labctl modules add target/module}, and the agent of the server
     * labelled for it runs it.
     */
    @Test
    void aNewModuleFromTheScaffoldBuildsWithMavenAndRunsOnAnAgent() throws Exception {
        Path project = dir.resolve("hello");
        Commands.Result created = ok(admin.run("modules", "new", "hello", "--dir", project.toString()));
        Commands.Result notInstalled = admin.run("modules", "upgrade", "hello", project.toString());
        assertEquals(4, notInstalled.exitCode(), notInstalled.toString());
        assertTrue(notInstalled.stderr().contains("module hello is not installed: labctl modules add"), notInstalled.toString());
        assertTrue(created.stdout().contains("module hello 1.0.0 created"), created.toString());
        Commands.Result built = Commands.run(project, Map.of("JAVA_HOME", Repo.javaHome()), 600,
                List.of("mvn", "-o", "-B", "-q", "install"));
        assertEquals(0, built.exitCode(), built.toString());
        assertTrue(built.stdout().contains("configured greeting bonjour"), "the project's test ran: " + built);
        assertTrue(Files.isRegularFile(project.resolve("target/module/hello.jar")));
        assertTrue(Files.isRegularFile(project.resolve("target/hello-1.0.0.zip")));

        ok(admin.run("label", "server/web-2", "hello=true"));
        ok(admin.run("modules", "add", project.resolve("target/module").toString(), "--set", "greeting=hej"));
        Await.until(ROLLOUT, "hello ready on web-2", () -> {
            Commands.Result status = admin.run("modules", "status", "hello", "-o", "json");
            JsonNode rows = status.exitCode() == 0 ? Json.tree(status.stdout()) : null;
            return rows != null && rows.size() == 1 && "web-2".equals(rows.get(0).path("server").asText())
                    && "ready".equals(rows.get(0).path("state").asText())
                    && rows.get(0).path("health").toString().contains("hej");
        });
        ok(admin.run("modules", "remove", "hello"));
        Await.until(ROLLOUT, "hello gone from web-2", () -> {
            Commands.Result status = admin.run("modules", "status", "-o", "json");
            return status.exitCode() == 0 && !status.stdout().contains("\"hello\"");
        });
    }
}
