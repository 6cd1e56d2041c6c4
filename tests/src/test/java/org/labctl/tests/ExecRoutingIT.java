package org.labctl.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Processes;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;

/**
 * Two labd instances on one database, as behind a Service: the agent is connected to A, labctl
 * talks to B, and exec works because B relays the session to A over mutual TLS (B's peer
 * certificate). Then each instance is killed mid-run in turn: labctl learns it at once, the
 * remote command does not outlive the session, and the session's audit row is closed as lost
 * (by the surviving instance when the one that opened it died).
 */
class ExecRoutingIT {


    private static JsonNode closedRow(LabdProcess labd, String command) {
        return Await.until(Duration.ofSeconds(90), "the audit row of '" + command + "' closed", () -> {
            for (JsonNode row : Json.tree(labd.get("/api/v1/audit?action=exec&limit=1000").body())) {
                if (row.path("path").asText().equals(command) && row.path("durationMs").isNumber()) {
                    return row;
                }
            }
            return null;
        });
    }

    @Test
    void execThroughAnotherInstanceAndEitherInstanceKilledMidRun() throws Exception {
        Path dir = Repo.scratch("exec-routing");
        try (SharedDatabase database = new SharedDatabase(dir)) {
            try (LabdProcess a = database.labd("a").start();
                 LabdProcess b = database.labd("b").start()) {
                a.awaitHealthy();
                b.awaitHealthy();
                try (AgentProcess agent = AgentProcess.enroll(dir, a, "routed-1").start()) {
                    Await.until(Duration.ofSeconds(60), "routed-1 Ready", () -> Json.tree(a.get("/api/v1/servers/routed-1").body())
                            .path("server").path("status").asText().equals("Ready"));
                    Labctl viaB = new Labctl(dir, b.adminConfig()).env("HOME", dir.toString());

                    Commands.Result answer = viaB.run("exec", "server/routed-1", "--", "sh", "-c", "echo $((6 * 7)); echo warn >&2");
                    assertEquals(0, answer.exitCode(), answer + "\nA:\n" + a.log() + "\nB:\n" + b.log());
                    assertEquals("42\n", answer.stdout());
                    assertTrue(answer.stderr().contains("warn"), answer.toString());
                    Commands.Result counted = viaB.run("x\ny\nz\n".getBytes(UTF_8), "exec", "server/routed-1", "--", "wc", "-l");
                    assertEquals("3", counted.stdout().trim(), counted.toString());
                    JsonNode relayed = closedRow(b, "sh -c 'echo $((6 * 7)); echo warn >&2'");
                    JsonNode details = Json.tree(relayed.path("details").asText());
                    assertTrue(details.path("relayedTo").isTextual(), "B relayed it: " + details);
                    assertEquals("exited", details.path("outcome").asText());

                    // B (which audits the session) killed mid-run: labctl learns it, A aborts the
                    // session, the agent kills the command, and A closes B's orphaned audit row
                    String marker = "321." + (System.nanoTime() % 1000);
                    Labctl.Started viaDoomedB = viaB.start(null, "exec", "server/routed-1", "--", "sleep", marker);
                    Await.until(Duration.ofSeconds(30), "the sleep runs", () -> !Processes.running("sleep", marker).isEmpty());
                    b.kill();
                    Commands.Result cut = viaDoomedB.await(30);
                    assertTrue(cut.exitCode() != 0 && cut.exitCode() != 124, cut.toString());
                    Await.until(Duration.ofSeconds(15), "the sleep killed once B died", () -> Processes.running("sleep", marker).isEmpty());
                    JsonNode orphan = closedRow(a, "sleep " + marker);
                    assertEquals("lost", Json.tree(orphan.path("details").asText()).path("outcome").asText(), orphan.toString());

                    // A (which holds the agent) killed mid-run while B relays: labctl learns it at once
                    b.start().awaitHealthy();
                    String marker2 = "322." + (System.nanoTime() % 1000);
                    Labctl.Started viaB2 = viaB.start(null, "exec", "server/routed-1", "--", "sleep", marker2);
                    Await.until(Duration.ofSeconds(30), "the second sleep runs", () -> !Processes.running("sleep", marker2).isEmpty());
                    a.kill();
                    Commands.Result lost = viaB2.await(30);
                    assertTrue(lost.exitCode() != 0, lost.toString());
                    assertTrue(lost.stderr().contains("routed-1"), lost.toString());
                    Await.until(Duration.ofSeconds(15), "the second sleep killed once A died", () -> Processes.running("sleep", marker2).isEmpty());
                    JsonNode lostRow = closedRow(b, "sleep " + marker2);
                    assertEquals("lost", Json.tree(lostRow.path("details").asText()).path("outcome").asText(), lostRow.toString());
                }
            }
        }
    }
}
