package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.module.k3s.common.StandInK3s;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;

/**
 * The core modules k3s-server and k3s-agent (modules/, as built) through a real labd to real lab-agent processes, with
 * the cluster's token as a secret parameter. k3s itself cannot run on the build machines: each agent's module runs
 * against a <b>stand-in</b> installer, k3s binary and systemctl ({@link StandInK3s}, shell scripts that behave as the
 * real ones do toward the module), placed in that agent's own directory by the module's path parameters.
 *
 * <p>The token is given in a values file; it must reach the two targeted agents (their config.yaml, 0600) and nowhere
 * else: not the third agent, not an answer of labd's ({@code describe} shows {@code <secret>}), not the audit log,
 * labd's logs or output, and not the database in the clear (it is sealed with the master key).
 */
class CoreModulesIT {

    private static final Duration ROLLOUT = Duration.ofSeconds(120);
    private static final int HEARTBEAT_SECONDS = 25;
    private static final String TOKEN = "K10-core-modules-it-0c5e1d8a77f2b9";
    private static Path dir;
    private static SharedDatabase database;
    private static LabdProcess labd;
    private static Labctl admin;
    private static final Map<String, AgentProcess> AGENTS = new TreeMap<>();
    private static final Map<String, StandInK3s> K3S = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("core-modules");
        database = new SharedDatabase(dir);
        labd = database.labd("labd");
        labd.start().awaitHealthy();
        admin = new Labctl(dir, labd.adminConfig()).env("HOME", dir.toString());
        for (String name : List.of("cp-1", "node-1", "web-1")) {
            // the production heartbeat's order (10 s), not the tests' 1 s: a module's change must not wait for it
            AGENTS.put(name, AgentProcess.enroll(dir, labd, name).start(List.of("--heartbeat", Integer.toString(HEARTBEAT_SECONDS))));
            K3S.put(name, StandInK3s.under(Files.createDirectories(dir.resolve("host-" + name))));
        }
        Await.until(ROLLOUT, "three agents Ready", () -> AGENTS.keySet().stream().allMatch(name ->
                Json.tree(labd.get("/api/v1/servers/" + name).body()).path("server").path("status").asText().equals("Ready")));
        ok(admin.run("label", "server/cp-1", "k3s=server"));
        ok(admin.run("label", "server/node-1", "k3s=agent"));
    }

    @AfterAll
    static void stop() {
        AGENTS.values().forEach(AgentProcess::close);
        if (labd != null) {
            labd.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static Path built(String module) {
        Path path = Repo.root().resolve("modules").resolve(module).resolve("target/module");
        assertTrue(Files.isRegularFile(path.resolve("module.yaml")), "modules/" + module + " is built (mvn install)");
        return path;
    }

    /** A values file for {@code -f}: the stand-ins of that server and the module's own values, the token among them. */
    private static String values(String server, Map<String, Object> more) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>(K3S.get(server).parameters());
        values.putAll(more);
        Path file = dir.resolve(server + "-values.json");
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(values));
        return file.toString();
    }

    /** Waits until the module is ready and healthy on that server, as {@code modules status} shows it. */
    private static void awaitHealthy(String module, String server) {
        Await.until(ROLLOUT, module + " ready and healthy on " + server, () -> {
            Commands.Result status = admin.run("modules", "status", module, "-o", "json");
            if (status.exitCode() != 0) {
                return false;
            }
            for (JsonNode row : Json.tree(status.stdout())) {
                if (server.equals(row.path("server").asText())) {
                    return "ready".equals(row.path("state").asText()) && "HEALTHY".equals(row.path("health").path("status").asText());
                }
            }
            return false;
        });
    }

    @Test
    void k3sServerAndAgentReachTheirServersWithTheTokenSealedAndShownNowhere() throws Exception {
        ok(admin.run("modules", "add", built("k3s-server").toString(), "-f", values("cp-1", Map.of("token", TOKEN,
                "tlsSan", List.of("k3s.lab.example")))));
        ok(admin.run("modules", "add", built("k3s-agent").toString(), "-f", values("node-1", Map.of("token", TOKEN,
                "server", "https://k3s.lab.example:6443"))));
        awaitHealthy("k3s-server", "cp-1");
        awaitHealthy("k3s-agent", "node-1");
        // the agent told labd as soon as the module was ready, not at its next heartbeat (every 25 s here)
        for (JsonNode row : Json.tree(ok(admin.run("modules", "status", "-o", "json")).stdout())) {
            Duration told = Duration.between(java.time.Instant.parse(row.path("since").asText()),
                    java.time.Instant.parse(row.path("reportedAt").asText()));
            assertTrue(told.compareTo(Duration.ofSeconds(5)) < 0, "ready at " + row.path("since") + ", labd heard it at "
                    + row.path("reportedAt") + ": " + row);
        }

        // what each module did on its server, through the stand-ins
        StandInK3s server = K3S.get("cp-1");
        assertEquals(List.of("k3s"), server.installerStarts());
        String serverConfig = Files.readString(server.configFile());
        assertTrue(serverConfig.contains("node-name: \"cp-1\"\n") && serverConfig.contains("token: \"" + TOKEN + "\"\n")
                && serverConfig.contains("tls-san: [\"k3s.lab.example\"]\n"), serverConfig);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.configFile())));
        StandInK3s agent = K3S.get("node-1");
        assertEquals(List.of("k3s-agent"), agent.installerStarts());
        String agentConfig = Files.readString(agent.configFile());
        assertTrue(agentConfig.contains("server: \"https://k3s.lab.example:6443\"\n") && agentConfig.contains("token: \"" + TOKEN + "\"\n"),
                agentConfig);
        assertEquals(0, K3S.get("web-1").installerRuns(), "web-1 is targeted by neither");

        // the agents keep what labd sent them readable by themselves alone; the third agent never had the token
        for (String name : List.of("cp-1", "node-1")) {
            Path state = AGENTS.get(name).data().resolve("modules/state.json");
            assertTrue(Files.readString(state).contains(TOKEN), "the agent needs the token to run the module again after a restart");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)), name);
        }
        assertFalse(everything(AGENTS.get("web-1").data()).contains(TOKEN), "web-1's agent got the token");

        // labd shows that there is a token, never what it is
        JsonNode described = Json.tree(ok(admin.run("modules", "describe", "k3s-server", "-o", "json")).stdout());
        assertEquals("<secret>", described.path("parameters").path("token").asText(), described.toString());
        assertEquals("[\"k3s.lab.example\"]", described.path("parameters").path("tlsSan").toString(), "other values are shown");
        List<String> answers = new ArrayList<>();
        for (String module : List.of("k3s-server", "k3s-agent")) {
            for (String format : List.of("json", "yaml")) {
                answers.add(ok(admin.run("modules", "describe", module, "-o", format)).stdout());
            }
            answers.add(ok(admin.run("modules", "describe", module)).stdout());
            answers.add(ok(admin.run("modules", "status", module, "-o", "json")).stdout());
        }
        answers.add(ok(admin.run("modules", "list", "-o", "json")).stdout());
        answers.add(ok(admin.run("describe", "server", "cp-1", "-o", "json")).stdout());
        answers.add(ok(admin.run("describe", "server", "cp-1")).stdout());
        answers.add(ok(admin.run("get", "servers", "-o", "json")).stdout());
        String audit = labd.admin().get(labd.url("/api/v1/audit?limit=10000")).body();
        assertTrue(audit.contains("k3s-server"), "the adds are audited");
        Map<String, String> places = new LinkedHashMap<>();
        places.put("labctl's answers", String.join("\n", answers));
        places.put("the audit log", audit);
        places.put("labd's logs", everything(labd.home().resolve("data/log")));
        places.put("labd's output", labd.output());
        places.put("the agents' logs", AGENTS.values().stream().map(AgentProcess::log).reduce("", String::concat));
        places.put("the database", databaseText());
        places.forEach((place, text) -> assertFalse(text.contains(TOKEN), "the token is in " + place));
        assertTrue(places.get("the database").contains("\"sealed\""), "the token is stored sealed");
    }

    /** Every table of labd's database as text, row by row. */
    private static String databaseText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection c = DriverManager.getConnection(database.url(), "postgres", "");
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = s.executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM "
                    + "information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            assertTrue(tables.stream().anyMatch(table -> table.endsWith("module_versions")), tables.toString());
            for (String table : tables) {
                try (ResultSet rows = s.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    /** The text of every file under {@code root}. */
    private static String everything(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                text.append(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).append('\n');
            }
        }
        return text.toString();
    }
}
