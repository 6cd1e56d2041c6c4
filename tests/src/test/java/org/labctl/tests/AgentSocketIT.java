package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.TestPki;
import org.labctl.tests.harness.Tls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent WebSocket of a real labd, spoken by this test with the JDK's WebSocket client and an
 * enrolled agent's certificate (the lab-agent process itself comes with the agent runtime).
 */
class AgentSocketIT {

    private static LabdProcess labd;
    private static Http admin;
    private static X509Certificate ca;

    @BeforeAll
    static void start() throws Exception {
        labd = LabdProcess.unpack(Repo.scratch("agent-socket"));
        // NotReady after 5 s without a heartbeat (30 s by default), so that the test need not wait long
        java.nio.file.Files.writeString(labd.home().resolve("etc/org.labctl.core.servers.cfg"), "not.ready.after.seconds = 5\n");
        labd.start();
        labd.awaitHealthy();
        admin = labd.admin();
        ca = Tls.certificate(Tls.Config.read(labd.adminConfig()).ca());
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
    }

    private record Agent(String name, SSLContext tls) {
    }

    private static Agent enroll(String name) throws Exception {
        String token = Json.tree(admin.post(labd.url("/api/v1/tokens"), "{}").body()).path("token").asText();
        KeyPair keys = TestPki.keyPair();
        Http.Response enrolled = new Http(Tls.context(ca, null, null)).post(labd.url("/api/v1/enroll"),
                "{\"token\":" + Json.quote(token) + ",\"csr\":" + Json.quote(TestPki.csr(keys, name)) + ",\"name\":\"" + name
                        + "\",\"hostname\":\"" + name + "\"}");
        assertEquals(201, enrolled.status(), enrolled.body());
        X509Certificate certificate = Tls.certificate(Json.tree(enrolled.body()).path("certificate").asText());
        return new Agent(name, Tls.context(ca, certificate, keys.getPrivate()));
    }

    /** Collects what labd sends, and how the socket closed. */
    private static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static WebSocket connect(SSLContext tls, Listener listener) throws Exception {
        return HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("wss://127.0.0.1:" + labd.port() + "/agent"), listener)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHeartbeatMakesTheServerReadyWithItsFacts() throws Exception {
        Agent agent = enroll("node-1");
        Listener listener = new Listener();
        WebSocket socket = connect(agent.tls(), listener);
        socket.sendText("{\"type\":\"heartbeat\",\"agentVersion\":\"0.1.0-test\",\"facts\":{\"hostname\":\"node-1\","
                + "\"os\":\"Debian GNU/Linux 12\",\"cpus\":2}}", true).get(5, TimeUnit.SECONDS);
        String ack = listener.frames.poll(10, TimeUnit.SECONDS);
        assertTrue(ack != null && ack.contains("\"type\":\"ack\""), "labd acknowledges: " + ack);

        JsonNode server = Json.tree(labd.get("/api/v1/servers/node-1").body());
        assertEquals("Ready", server.path("server").path("status").asText(), server.toString());
        assertEquals("0.1.0-test", server.path("server").path("agentVersion").asText());
        assertEquals(2, server.path("facts").path("cpus").asInt());

        // the agent falls silent: NotReady once the configured time has passed without a heartbeat
        socket.abort();
        Await.until(Duration.ofSeconds(20), "node-1 NotReady",
                () -> Json.tree(labd.get("/api/v1/servers/node-1").body()).path("server").path("status").asText().equals("NotReady"));
    }

    @Test
    void anAgentCertificateCannotCallTheUserApi() throws Exception {
        Agent agent = enroll("node-4");
        Http asAgent = new Http(agent.tls());
        for (String path : new String[] {"/api/v1/health", "/api/v1/servers", "/api/v1/users"}) {
            Http.Response refused = asAgent.get(labd.url(path));
            assertEquals(403, refused.status(), path + ": " + refused.body());
            assertTrue(refused.body().contains("agent socket"), refused.body());
        }
    }

    @Test
    void aUserCertificateCannotOpenTheAgentSocket() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> connect(Tls.context(Tls.Config.read(labd.adminConfig())), new Listener()));
        assertTrue(String.valueOf(refused.getCause()).contains("403") || refused.getCause() instanceof java.net.http.WebSocketHandshakeException,
                String.valueOf(refused.getCause()));
    }

    @Test
    void aGarbageFrameClosesTheSocketAndLabdKeepsServing() throws Exception {
        Agent agent = enroll("node-3");
        Listener listener = new Listener();
        WebSocket socket = connect(agent.tls(), listener);
        socket.sendText("this is not json", true).get(5, TimeUnit.SECONDS);
        assertEquals(1007, listener.closed.get(10, TimeUnit.SECONDS), "closed as bad data");
        assertEquals(200, labd.get("/api/v1/health").status());
    }

    @Test
    void deletingTheServerClosesItsAgentSocketWithinSeconds() throws Exception {
        Agent agent = enroll("node-2");
        Listener listener = new Listener();
        WebSocket socket = connect(agent.tls(), listener);
        socket.sendText("{\"type\":\"heartbeat\",\"agentVersion\":\"t\",\"facts\":{}}", true).get(5, TimeUnit.SECONDS);
        listener.frames.poll(10, TimeUnit.SECONDS);
        assertEquals(200, admin.delete(labd.url("/api/v1/servers/node-2")).status());
        int code = listener.closed.get(15, TimeUnit.SECONDS);
        assertEquals(1008, code, "closed for policy: certificate revoked");
        Await.until(Duration.ofSeconds(10), "reconnecting is refused",
                () -> {
                    try {
                        connect(agent.tls(), new Listener());
                        return false;
                    } catch (Exception refused) {
                        return true;
                    }
                });
    }
}
