package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.Repo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a user does first, through the real launcher and the real CLI: {@code ./lab up},
 * {@code bin/labctl status}, restart, {@code ./lab down}.
 */
class SmokeIT {

    private Path data;
    private final Map<String, String> env = new HashMap<>();

    @AfterEach
    void down() {
        if (data != null) {
            lab("down");
        }
    }

    private Commands.Result lab(String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("lab").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data", data.toString()));
        return Commands.run(Repo.root(), env, 300, command);
    }

    private Commands.Result labctl(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(Repo.root().resolve("bin/labctl").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        return Commands.run(Repo.root(), all, 60, command);
    }

    private void isolatedEnvironment() throws IOException {
        data = Repo.scratch("smoke");
        Path home = Files.createDirectories(data.resolveSibling(data.getFileName() + "-home"));
        env.put("HOME", home.toString());
        env.put("LAB_NO_BUILD", "1");
        env.put("LABD_SSH_PORT", Integer.toString(Ports.free()));
        env.put("LABD_JMX_REGISTRY_PORT", Integer.toString(Ports.free()));
        env.put("LABD_JMX_SERVER_PORT", Integer.toString(Ports.free()));
    }

    @Test
    void upStatusRestartDown() throws Exception {
        isolatedEnvironment();
        String port = Integer.toString(Ports.free());

        Commands.Result up = lab("up", "--port", port);
        assertEquals(0, up.exitCode(), up.toString());
        Path config = data.resolve("admin.labctl.yaml");
        assertTrue(up.stdout().contains("export LABCTL_CONFIG=" + config), up.toString());
        Map<String, String> withConfig = Map.of("LABCTL_CONFIG", config.toString());

        Commands.Result again = lab("up", "--port", port);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("already running"), "up is idempotent: " + again);

        Commands.Result status = labctl(withConfig, "status", "-o", "json");
        assertEquals(0, status.exitCode(), status.toString());
        JsonNode health = Json.tree(status.stdout());
        assertEquals("ok", health.path("status").asText());
        assertTrue(health.path("database").path("up").asBoolean());
        assertEquals("embedded", health.path("database").path("mode").asText());
        String clusterId = health.path("clusterId").asText();
        String instanceId = health.path("instanceId").asText();

        Commands.Result human = labctl(withConfig, "status");
        assertEquals(0, human.exitCode(), human.toString());
        assertTrue(human.stdout().contains("org.labctl.core"), human.toString());

        Commands.Result version = labctl(withConfig, "version");
        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().contains("Server Version: " + Repo.version()), version.toString());

        // ./lab up enrolled and started a local agent: the host is a Ready server
        Commands.Result servers = labctl(withConfig, "get", "servers", "-o", "json");
        assertEquals(0, servers.exitCode(), servers.toString());
        JsonNode list = Json.tree(servers.stdout());
        assertEquals(1, list.size(), servers.stdout());
        assertEquals("Ready", list.path(0).path("status").asText(), servers.stdout());
        assertTrue(Files.exists(data.resolve("agent/agent.crt")), "the agent's certificate is kept in DIR/agent");

        Commands.Result labStatus = lab("status");
        assertEquals(0, labStatus.exitCode(), labStatus.toString());
        assertTrue(labStatus.stdout().contains("healthy"), labStatus.toString());
        assertTrue(labStatus.stdout().contains("lab-agent: running"), labStatus.toString());

        assertEquals(0, lab("down").exitCode());
        Commands.Result unreachable = labctl(withConfig, "status");
        assertEquals(5, unreachable.exitCode(), "cannot reach labd: " + unreachable);
        assertEquals(3, lab("status").exitCode(), "./lab status says labd is not running");

        // a PID file left by a labd that died is noticed and replaced
        Files.writeString(data.resolve("labd.pid"), "999999\n");
        Commands.Result restarted = lab("up", "--port", port);
        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.stderr().contains("stale PID file"), restarted.toString());

        JsonNode after = Json.tree(labctl(withConfig, "status", "-o", "json").stdout());
        assertEquals(clusterId, after.path("clusterId").asText(), "data survived the restart");
        JsonNode serversAfter = Json.tree(labctl(withConfig, "get", "servers", "-o", "json").stdout());
        assertEquals(1, serversAfter.size(), "the local agent was not enrolled twice: " + serversAfter);
        assertEquals("Ready", serversAfter.path(0).path("status").asText(), serversAfter.toString());
        assertNotEquals(instanceId, after.path("instanceId").asText(), "a new labd process answered");
    }

    /**
     * The README's first command on a clone where nothing is built: {@code ./lab up} must get as far
     * as building. Maven is replaced by a stand-in that records its call and fails, so the test
     * needs no second build: what it checks is that the launcher reaches the build and reports its
     * failure, instead of ending silently (it exited 2 with no output when {@code ls} of the missing
     * tarball failed under {@code pipefail}). .ci/run runs the real two commands on a clean clone.
     */
    @Test
    void upOnACloneWithNothingBuiltStartsTheBuild() throws Exception {
        Path clone = Repo.scratch("clean-clone");
        Files.copy(Repo.root().resolve("lab"), clone.resolve("lab"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path stubs = Files.createDirectories(clone.resolve("stub-bin"));
        Path calls = clone.resolve("mvn-calls");
        Path mvn = stubs.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\necho \"$PWD $*\" >> '" + calls + "'\necho 'stand-in Maven: no build' >&2\nexit 1\n");
        assertTrue(mvn.toFile().setExecutable(true));
        Path labData = clone.resolve(".lab");
        Map<String, String> stubbed = Map.of("PATH", stubs + ":" + System.getenv("PATH"), "HOME", clone.toString());

        Commands.Result up = Commands.run(clone, stubbed, 60, List.of(clone.resolve("lab").toString(), "up",
                "--data", labData.toString(), "--port", Integer.toString(Ports.free())));

        assertEquals(1, up.exitCode(), up.toString());
        assertTrue(up.stderr().contains("building labd and labctl"), up.toString());
        assertTrue(up.stderr().contains("the build failed"), up.toString());
        assertEquals(clone + " -B -q -DskipTests install", Files.readString(calls).strip(), "Maven was called once, in the clone");
    }

    @Test
    void upRefusesATakenPortWithAClearMessage() throws Exception {
        isolatedEnvironment();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Commands.Result up = lab("up", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, up.exitCode(), up.toString());
            assertTrue(up.stderr().contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), up.toString());
        }
        Commands.Result badPort = lab("up", "--port", "http");
        assertEquals(1, badPort.exitCode());
        assertTrue(badPort.stderr().contains("--port must be a number"), badPort.toString());
    }

    @Test
    void labctlWithoutConfigOrWithBadInputSaysWhatToDo() throws Exception {
        isolatedEnvironment();
        Commands.Result noConfig = labctl(Map.of(), "status");
        assertEquals(1, noConfig.exitCode(), noConfig.toString());
        assertTrue(noConfig.stderr().contains("LABCTL_CONFIG"), noConfig.toString());
        assertEquals(1, noConfig.stderr().strip().lines().count(), "one line: " + noConfig);

        Commands.Result missing = labctl(Map.of("LABCTL_CONFIG", data.resolve("nope.yaml").toString()), "status");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("nope.yaml"), missing.toString());

        Commands.Result unknown = labctl(Map.of(), "frobnicate");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        Commands.Result badFlag = labctl(Map.of(), "status", "--no-such-flag");
        assertEquals(2, badFlag.exitCode(), badFlag.toString());
    }
}
