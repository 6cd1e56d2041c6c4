package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.AgentProcess;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.Tls;

/**
 * Agent certificate renewal, end to end: labd issues agent certificates for 30 seconds
 * ({@code agent.lifetime = 30s}), the packaged lab-agent renews its certificate when a third is
 * left, reconnects with the new one and stays Ready; labd records the new certificate. The renewal
 * endpoint is for agents only and checks what it is sent.
 */
class AgentRenewalIT {

    private static LabdProcess labd;
    private static Path dir;
    private static Path agentHome;
    private static Process agent;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("renewal");
        labd = LabdProcess.unpack(dir);
        Files.writeString(labd.home().resolve("etc/org.labctl.ca.enrollment.cfg"), "agent.lifetime = 30s\n");
        labd.start().awaitHealthy();
        agentHome = AgentProcess.unpack(dir);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (agent != null) {
            agent.destroyForcibly();
            agent.waitFor();
        }
        if (labd != null) {
            labd.close();
        }
    }

    private static BigInteger serial(Path data) {
        try {
            return Tls.certificate(Files.readString(data.resolve("agent.crt"))).getSerialNumber();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAgentRenewsItsCertificateBeforeItExpiresAndStaysConnected() throws Exception {
        String token = Json.tree(labd.admin().post(labd.url("/api/v1/tokens"), "{}").body()).path("token").asText();
        Path data = dir.resolve("agent");
        Commands.Result enrolled = Commands.run(dir, Map.of(), 60, List.of(agentHome.resolve("bin/lab-agent").toString(),
                "enroll", "--server", labd.url(""), "--token", token, "--name", "renewing", "--data", data.toString()));
        assertEquals(0, enrolled.exitCode(), enrolled.toString());
        BigInteger first = serial(data);
        var firstCertificate = Tls.certificate(Files.readString(data.resolve("agent.crt")));
        assertTrue(Duration.between(firstCertificate.getNotBefore().toInstant(), firstCertificate.getNotAfter().toInstant())
                .compareTo(Duration.ofSeconds(40)) < 0, "labd issued a 30 s certificate (agent.lifetime)");

        ProcessBuilder builder = new ProcessBuilder(agentHome.resolve("bin/lab-agent").toString(), "run", "--data", data.toString(),
                "--heartbeat", "1").redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        builder.environment().put("JAVA_HOME", Repo.javaHome());
        agent = builder.start();
        Await.until(Duration.ofSeconds(30), "the agent Ready", () -> status().equals("Ready"));

        // a third of 33 s (30 s and 3 s backdated) is left after 22 s: two renewals within a minute
        AtomicReference<BigInteger> second = new AtomicReference<>();
        Await.until(Duration.ofSeconds(45), "a first renewal", () -> {
            second.set(serial(data));
            return !second.get().equals(first);
        });
        Await.until(Duration.ofSeconds(45), "a second renewal, over the renewed certificate",
                () -> !serial(data).equals(second.get()) && !serial(data).equals(first));
        BigInteger third = serial(data);
        Await.until(Duration.ofSeconds(20), "the agent Ready on its newest certificate",
                () -> status().equals("Ready") && described().path("certificateSerial").asText().equals(third.toString(16)));
        String log = Files.readString(dir.resolve("agent.log"));
        assertTrue(log.contains("renewed the agent certificate"), log);
        assertFalse(log.contains("cannot renew"), log);
        assertTrue(agent.isAlive(), log);
        assertTrue(labd.log().contains("Renewed the certificate of server renewing"), "labd logs renewals");

        // agents only, and only a CSR labd can read
        Http.Response asUser = labd.admin().post(labd.url("/api/v1/agent/renew"), "{\"csr\":\"x\"}");
        assertEquals(403, asUser.status(), asUser.body());
        Http asAgent = new Http(Tls.context(Tls.certificate(Files.readString(data.resolve("ca.crt"))),
                Tls.certificate(Files.readString(data.resolve("agent.crt"))), Tls.privateKey(Files.readString(data.resolve("agent.key")))));
        Http.Response garbage = asAgent.post(labd.url("/api/v1/agent/renew"), "{\"csr\":\"not a CSR\"}");
        assertEquals(400, garbage.status(), garbage.body());
        Http.Response empty = asAgent.post(labd.url("/api/v1/agent/renew"), "{}");
        assertEquals(400, empty.status(), empty.body());
        assertNotEquals(first, third);
    }

    private static JsonNode described() {
        return Json.tree(labd.get("/api/v1/servers/renewing").body());
    }

    private static String status() {
        return described().path("server").path("status").asText();
    }
}
