package org.labctl.agent.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.labctl.api.AgentFrame;
import org.labctl.api.WebSocketSender;

/**
 * {@code lab-agent run}: one mutual-TLS WebSocket to labd, a heartbeat with facts on connect and
 * every interval, and reconnection with jittered exponential backoff when the socket drops. Before
 * connecting and at every heartbeat it checks whether the certificate is due for {@link Renewal};
 * after a renewal it reconnects at once with the new certificate.
 */
final class AgentConnection implements Runnable {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentFiles files;
    private final URI server;
    private final URI agentUri;
    private final String name;
    private final Duration heartbeat;
    private final String version;
    private final Log log;
    private final LogSettings logs;
    private volatile boolean stopped;
    private volatile Thread thread;

    /** Where the agent reports what it does (stdout under systemd, the OSGi log in the runtime). */
    interface Log {
        void info(String message);
    }

    private final BastionCallSession.Bastions bastions;

    AgentConnection(AgentFiles files, Duration heartbeat, String version, Log log, LogSettings logs) throws IOException {
        this(files, heartbeat, version, log, logs, null);
    }

    /** @param bastions answers labd's calls to a bastion running beside this agent, or null when none does */
    AgentConnection(AgentFiles files, Duration heartbeat, String version, Log log, LogSettings logs,
            BastionCallSession.Bastions bastions) throws IOException {
        this.bastions = bastions;
        Properties properties = files.load();
        this.files = files;
        this.server = URI.create(properties.getProperty("server"));
        this.name = properties.getProperty("name");
        this.agentUri = URI.create("wss://" + server.getHost() + ":" + (server.getPort() < 0 ? 443 : server.getPort()) + "/agent");
        this.heartbeat = heartbeat;
        this.version = version;
        this.log = log;
        this.logs = logs;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long backoffMs = 1000;
        while (!stopped) {
            CompletableFuture<String> closed = new CompletableFuture<>();
            long connectedAt = System.nanoTime();
            boolean renewed = false;
            try {
                X509Certificate certificate = Pems.certificate(Files.readString(files.certificate()));
                HttpClient http = client(certificate);
                if (Renewal.due(certificate, Instant.now()) && renewQuietly(http)) {
                    certificate = Pems.certificate(Files.readString(files.certificate()));
                    http = client(certificate);
                }
                Listener listener = new Listener(closed);
                WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(agentUri, listener).get(20, TimeUnit.SECONDS);
                WebSocketSender sender = new WebSocketSender(socket);
                ExecSessions exec = bastions == null ? new ExecSessions(sender, log, logs)
                        : new ExecSessions(sender, log, logs, bastions);
                listener.exec = exec;
                log.info("connected to " + agentUri);
                try {
                    renewed = session(sender, exec, certificate, http, closed);
                } finally {
                    exec.abortAll();
                }
                if (stopped || renewed) {
                    sender.close(WebSocket.NORMAL_CLOSURE, stopped ? "agent stopping" : "certificate renewed")
                            .get(5, TimeUnit.SECONDS);
                    if (stopped) {
                        return;
                    }
                    backoffMs = 1000;
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                log.info("cannot reach labd at " + agentUri + ": " + rootMessage(e));
            }
            if (System.nanoTime() - connectedAt > TimeUnit.SECONDS.toNanos(30)) {
                backoffMs = 1000;
            }
            long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            try {
                Thread.sleep(jittered);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
    }

    /**
     * Heartbeats until the socket closes, the agent stops, or the certificate was renewed (true:
     * reconnect with it, once no exec session runs: the current certificate is still valid).
     */
    private boolean session(WebSocketSender sender, ExecSessions exec, X509Certificate certificate, HttpClient http,
                            CompletableFuture<String> closed) throws Exception {
        boolean renewed = false;
        while (!stopped && !closed.isDone() && !(renewed && exec.running() == 0)) {
            sender.text(JSON.writeValueAsString(AgentFrame.heartbeat(version, Facts.collect(version)))).get(10, TimeUnit.SECONDS);
            try {
                log.info("disconnected: " + closed.get(heartbeat.toMillis(), TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.TimeoutException nextHeartbeat) {
                // still connected: time for the next heartbeat, and to look at the certificate
                if (!renewed && Renewal.due(certificate, Instant.now())) {
                    renewed = renewQuietly(http);
                }
            }
        }
        return renewed;
    }

    /** An HTTP client presenting the certificate in the data directory (read again at every connection). */
    private HttpClient client(X509Certificate certificate) throws IOException {
        SSLContext tls = AgentTls.context(Pems.certificate(Files.readString(files.ca())), certificate,
                Pems.privateKey(Files.readString(files.key())));
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private X509Certificate renew(HttpClient http) throws IOException, InterruptedException {
        X509Certificate renewed = Renewal.renew(http, server, files, name);
        log.info("renewed the agent certificate: serial " + renewed.getSerialNumber().toString(16) + ", valid until "
                + renewed.getNotAfter().toInstant());
        return renewed;
    }

    /**
     * Renews; a failure is logged and tried again at the next heartbeat or connection, while the
     * current certificate still works.
     */
    private boolean renewQuietly(HttpClient http) throws InterruptedException {
        try {
            renew(http);
            return true;
        } catch (IOException | RuntimeException e) {
            log.info("cannot renew the agent certificate yet (will try again): " + rootMessage(e)
                    + (expired() ? "; it has expired: enroll this agent again (lab-agent enroll)" : ""));
            return false;
        }
    }

    void stop() {
        stopped = true;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    private boolean expired() {
        try {
            Pems.certificate(Files.readString(files.certificate())).checkValidity();
            return false;
        } catch (java.security.cert.CertificateException | IOException | RuntimeException e) {
            return true;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Heartbeat acks, and the frames of exec sessions (text and binary, possibly in parts). */
    private static final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final StringBuilder text = new StringBuilder();
        private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        volatile ExecSessions exec;

        Listener(CompletableFuture<String> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                ExecSessions sessions = exec;
                if (sessions != null && !isAck(frame)) {
                    sessions.control(frame);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, java.nio.ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                java.nio.ByteBuffer frame = java.nio.ByteBuffer.wrap(binary.toByteArray());
                binary.reset();
                ExecSessions sessions = exec;
                if (sessions != null) {
                    sessions.data(frame);
                }
            }
            socket.request(1);
            return null;
        }

        private static boolean isAck(String frame) {
            try {
                return AgentFrame.ACK.equals(JSON.readTree(frame).path("type").asText(null));
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closed.complete(statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        }
    }
}
