package org.labctl.agent.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.labctl.api.AgentFrame;
import org.labctl.api.BlockingWebSocket;
import org.labctl.api.Http1Connection;
import org.labctl.api.MessageSender;

/**
 * {@code lab-agent run}: one mutual-TLS WebSocket to labd, a heartbeat with facts on connect and
 * every interval, and reconnection with jittered exponential backoff when the socket drops. Before
 * connecting and at every heartbeat it checks whether the certificate is due for {@link Renewal};
 * after a renewal it reconnects at once with the new certificate.
 */
final class AgentConnection implements Runnable {

    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** Bounds the connection to labd and each of its answers until the WebSocket is open. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The least time between two heartbeats that a topic's change brought forward. */
    private static final Duration MIN_GAP = Duration.ofMillis(250);
    private static final String AGENT_PATH = "/agent";
    private static final int NORMAL_CLOSURE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final AgentFiles files;
    private final URI server;
    private final URI agentUri;
    private final String name;
    private final Duration heartbeat;
    private final String version;
    private final Log log;
    private final SessionDispatcher.Handlers handlers;
    private final Topics topics;
    private volatile boolean stopped;
    private volatile Thread thread;

    /** Where the agent reports what it does (stdout under systemd, the OSGi log in the runtime). */
    interface Log {
        void info(String message);
    }

    /**
     * @param handlers the session handlers of this runtime, by kind
     * @param topics   the agent topics of this runtime
     */
    AgentConnection(AgentFiles files, Duration heartbeat, String version, Log log, SessionDispatcher.Handlers handlers,
                    Topics topics) throws IOException {
        Properties properties = files.load();
        this.files = files;
        this.server = URI.create(properties.getProperty("server"));
        this.name = properties.getProperty("name");
        this.agentUri = URI.create("wss://" + server.getHost() + ":" + (server.getPort() < 0 ? 443 : server.getPort()) + "/agent");
        this.heartbeat = heartbeat;
        this.version = version;
        this.log = log;
        this.handlers = handlers;
        this.topics = topics;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long backoffMs = 1000;
        while (!stopped) {
            long connectedAt = System.nanoTime();
            boolean renewed = false;
            try {
                X509Certificate certificate = Pems.certificate(Files.readString(files.certificate()));
                HttpClient http = client(certificate);
                if (Renewal.due(certificate, Instant.now()) && renewQuietly(http)) {
                    certificate = Pems.certificate(Files.readString(files.certificate()));
                    http = client(certificate);
                }
                Listener listener = new Listener(topics);
                BlockingWebSocket socket = connect(tls(certificate), listener);
                SessionDispatcher exec = new SessionDispatcher(socket, log, handlers);
                listener.exec = exec;
                log.info("connected to " + agentUri);
                try {
                    try {
                        renewed = session(socket, exec, certificate, http, listener.closed);
                    } finally {
                        exec.abortAll();
                    }
                    if (stopped || renewed) {
                        socket.close(NORMAL_CLOSURE, stopped ? "agent stopping" : "certificate renewed")
                                .get(5, TimeUnit.SECONDS);
                    }
                } finally {
                    socket.abort(); // however the session ended, the socket's threads end with it
                }
                if (stopped) {
                    return;
                }
                if (renewed) {
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
    private boolean session(MessageSender sender, SessionDispatcher exec, X509Certificate certificate, HttpClient http,
                            CompletableFuture<String> closed) throws Exception {
        boolean renewed = false;
        while (!stopped && !closed.isDone() && !(renewed && exec.running() == 0)) {
            CompletableFuture<Void> change = topics.nextChange();
            long sent = System.nanoTime();
            sender.text(JSON.writeValueAsString(AgentFrame.heartbeat(version, Facts.collect(version), topics.reports()))).get(10, TimeUnit.SECONDS);
            try {
                CompletableFuture.anyOf(closed, change).get(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (closed.isDone()) {
                    log.info("disconnected: " + closed.getNow(""));
                } else {
                    // a topic's report changed: heartbeat now, though not more often than every MIN_GAP
                    long wait = MIN_GAP.toNanos() - (System.nanoTime() - sent);
                    if (wait > 0) {
                        log.info("disconnected: " + closed.get(wait, TimeUnit.NANOSECONDS));
                    }
                }
            } catch (java.util.concurrent.TimeoutException nextHeartbeat) {
                // still connected: time for the next heartbeat
            }
            if (!closed.isDone() && !renewed && Renewal.due(certificate, Instant.now())) {
                renewed = renewQuietly(http);
            }
        }
        return renewed;
    }

    /** An HTTP client presenting the certificate in the data directory (read again at every connection). */
    private HttpClient client(X509Certificate certificate) throws IOException {
        return HttpClient.newBuilder().sslContext(tls(certificate)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * Connects to labd, checks its certificate against the agent's CA and its host name, and
     * upgrades {@link #AGENT_PATH} to a WebSocket; {@link #CONNECT_TIMEOUT} bounds the connection
     * and each of labd's answers until then.
     */
    private BlockingWebSocket connect(SSLContext tls, Listener listener) throws IOException {
        Http1Connection http = Http1Connection.open(server, tls, null, CONNECT_TIMEOUT, CONNECT_TIMEOUT,
                Map.of("User-Agent", "lab-agent"));
        try {
            return BlockingWebSocket.start(http.upgrade(AGENT_PATH), listener, "agent-socket", BlockingWebSocket.UNBOUNDED,
                    null);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    /** The TLS set-up that presents {@code certificate} and trusts labd's CA (files read again each time). */
    private SSLContext tls(X509Certificate certificate) throws IOException {
        return AgentTls.context(Pems.certificate(Files.readString(files.ca())), certificate,
                Pems.privateKey(Files.readString(files.key())));
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

    /** Heartbeat acks and notices (their notices to the topics), and the frames of sessions. */
    private static final class Listener implements BlockingWebSocket.Listener {
        /** Completes, with the reason, when labd closes the connection or it breaks. */
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final Topics topics;
        volatile SessionDispatcher exec;

        Listener(Topics topics) {
            this.topics = topics;
        }

        @Override
        public void closed(int code, String reason) {
            closed.complete(code + (reason.isEmpty() ? "" : " " + reason));
        }

        @Override
        public void failed(Throwable error) {
            closed.complete(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
        }

        @Override
        public void text(String frame) {
            AgentFrame ours = agentFrame(frame);
            if (ours != null) {
                topics.notices(ours.notices());
                return;
            }
            SessionDispatcher sessions = exec;
            if (sessions != null) {
                sessions.control(frame);
            }
        }

        @Override
        public void binary(java.nio.ByteBuffer frame) {
            SessionDispatcher sessions = exec;
            if (sessions != null) {
                sessions.data(frame);
            }
        }

        /** The frame when it is an ack or a notice (the connection's own), else null (a session's). */
        private static AgentFrame agentFrame(String frame) {
            try {
                com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(frame);
                String type = tree.path("type").asText(null);
                return AgentFrame.ACK.equals(type) || AgentFrame.NOTICE.equals(type) ? JSON.treeToValue(tree, AgentFrame.class) : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}
