package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * lab-agent from its own distribution (bin/lab-agent: enroll as a plain Java program, run as the
 * agent's minimal OSGi runtime) against a real labd: three agents enroll and heartbeat, one killed
 * goes NotReady, all reconnect after a labd restart, a revoked one is cut off and stays out; an
 * agent refuses a labd whose CA does not match the token's pin.
 */
class AgentProcessIT {

    private static LabdProcess labd;
    private static Path dir;
    private static Path agentHome;
    private final List<Process> agents = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("agents");
        labd = LabdProcess.unpack(dir);
        Files.writeString(labd.home().resolve("etc/org.labctl.core.servers.cfg"), "not.ready.after.seconds = 5\n");
        labd.start().awaitHealthy();
        agentHome = AgentProcess.unpack(dir);
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    @AfterEach
    void killAgents() throws InterruptedException {
        for (Process agent : agents) {
            agent.destroyForcibly();
            agent.waitFor();
        }
    }

    private static List<String> agent(String... args) {
        List<String> command = new ArrayList<>(List.of(agentHome.resolve("bin/lab-agent").toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static String token() throws Exception {
        return Json.tree(labd.admin().post(labd.url("/api/v1/tokens"), "{}").body()).path("token").asText();
    }

    private Process run(Path data) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(agent("run", "--data", data.toString(), "--heartbeat", "1"))
                .redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile());
        builder.environment().put("JAVA_HOME", Repo.javaHome());
        Process process = builder.start();
        agents.add(process);
        return process;
    }

    private static String status(String name) {
        return Json.tree(labd.get("/api/v1/servers/" + name).body()).path("server").path("status").asText();
    }

    private static Path enroll(String name) throws Exception {
        Path data = dir.resolve(name);
        Commands.Result enrolled = Commands.run(dir, Map.of(), 60, agent("enroll", "--server", labd.url(""), "--token", token(),
                "--name", name, "--data", data.toString()));
        assertEquals(0, enrolled.exitCode(), enrolled.toString());
        assertTrue(enrolled.stdout().contains("enrolled as " + name), enrolled.toString());
        return data;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String lastSeen(String name) {
        return Json.tree(labd.get("/api/v1/servers/" + name).body()).path("server").path("lastSeen").asText();
    }

    @Test
    void threeAgentsEnrollHeartbeatGoNotReadyWhenKilledReconnectAfterALabdRestartAndARevokedOneStaysOut() throws Exception {
        Path data1 = enroll("agent-1");
        Path data2 = enroll("agent-2");
        Path data3 = enroll("agent-3");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data1.resolve("agent.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data1)));

        run(data1);
        Process agent2 = run(data2);
        Process agent3 = run(data3);
        Await.until(Duration.ofSeconds(45), "three agents Ready",
                () -> List.of("agent-1", "agent-2", "agent-3").stream().allMatch(n -> status(n).equals("Ready")));
        JsonNode described = Json.tree(labd.get("/api/v1/servers/agent-1").body());
        assertTrue(described.path("facts").path("cpus").asInt() > 0, described.toString());
        assertTrue(described.path("facts").path("hostname").isTextual(), described.toString());

        // one killed: NotReady within not.ready.after.seconds, the others stay Ready
        agent2.destroyForcibly();
        Await.until(Duration.ofSeconds(30), "agent-2 NotReady after it was killed", () -> status("agent-2").equals("NotReady"));
        assertEquals("Ready", status("agent-1"));
        assertEquals("Ready", status("agent-3"));

        // labd restarted: every running agent comes back by itself
        run(data2);
        Await.until(Duration.ofSeconds(30), "agent-2 Ready again", () -> status("agent-2").equals("Ready"));
        labd.stop();
        labd.start().awaitHealthy();
        Await.until(Duration.ofSeconds(90), "all three reconnected by themselves after the labd restart",
                () -> List.of("agent-1", "agent-2", "agent-3").stream()
                        .allMatch(n -> status(n).equals("Ready") && lastSeen(n).compareTo(labd.health().startedAt()) > 0));

        // revoked (deleting the server revokes its certificate): disconnected, and refused when it tries again
        Path log3 = data3.resolveSibling("agent-3.log");
        long before = Files.readString(log3).lines().count();
        assertEquals(200, labd.admin().delete(labd.url("/api/v1/servers/agent-3")).status());
        // (the agent backs off exponentially, up to a minute, between attempts)
        Await.until(Duration.ofSeconds(75), "agent-3 disconnected, then refused when reconnecting", () -> {
            List<String> after = read(log3).lines().skip(before).toList();
            return after.stream().anyMatch(l -> l.contains("disconnected: 1008"))
                    && after.stream().anyMatch(l -> l.contains("cannot reach labd"));
        });
        assertTrue(agent3.isAlive(), "the agent keeps trying (an operator may enroll it again)");
        assertEquals(404, labd.get("/api/v1/servers/agent-3").status(), "and labd never lets it back in");
        assertTrue(Files.readString(log3).lines().skip(before).noneMatch(l -> l.contains("connected to")),
                Files.readString(log3));

        Commands.Result again = Commands.run(dir, Map.of(), 60, agent("enroll", "--server", labd.url(""), "--token", token(),
                "--data", data1.toString()));
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("already enrolled"), again.toString());
    }

    @Test
    void anAgentRefusesALabdWhoseCaDoesNotMatchThePinAndKeepsTheTokenSecret() throws Exception {
        String token = token();
        String wrongPin = token.replaceFirst("LAB1(.)", "LAB1" + (token.charAt(4) == '0' ? "1" : "0"));
        Path data = dir.resolve("agent-pin");
        Commands.Result refused = Commands.run(dir, Map.of(), 60, agent("enroll", "--server", labd.url(""), "--token", wrongPin,
                "--name", "pinned", "--data", data.toString()));
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("without the CA") && refused.stderr().contains("was not sent"), refused.toString());
        String id = token.substring(token.indexOf("::") + 2, token.lastIndexOf('.'));
        JsonNode tokens = Json.tree(labd.get("/api/v1/tokens").body());
        tokens.forEach(t -> {
            if (t.path("id").asText().equals(id)) {
                assertEquals(0, t.path("uses").asInt(), "the token was never used");
            }
        });
        assertTrue(Files.notExists(data.resolve("agent.key")), "nothing was kept");
    }
}
