package org.labctl.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Stands in for labd in unit tests: the JDK's HTTP server on 127.0.0.1 answering the REST
 * contract's JSON bodies, over plain HTTP or, like labd, over HTTPS demanding a client
 * certificate. The tests against the real labd live in the tests module.
 */
public final class LabdStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** Requests to a path that never answers wait on this until the stand-in closes. */
    private final CountDownLatch closing = new CountDownLatch(1);

    private final String scheme;

    /** Over plain HTTP. */
    public LabdStandIn() throws IOException {
        this(HttpServer.create(loopback(), 0), "http");
    }

    private LabdStandIn(HttpServer server, String scheme) throws IOException {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Over HTTPS with {@code tls}, refusing every connection without a client certificate that
     * {@code tls} trusts, as labd does (DESIGN.md §3).
     *
     * @param protocols the TLS versions to speak, such as {@code TLSv1.2}; none means the JDK's defaults
     */
    public static LabdStandIn https(SSLContext tls, String... protocols) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                if (protocols.length > 0) {
                    ssl.setProtocols(protocols);
                }
                parameters.setSSLParameters(ssl);
            }
        });
        return new LabdStandIn(server, "https");
    }

    public URI url() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code GET path} with {@code status} and the JSON {@code body}. */
    public LabdStandIn answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body, false));
        return this;
    }

    /** Accepts {@code GET path} and never answers, as a labd stuck in a long call would. */
    public LabdStandIn neverAnswer(String path) {
        answers.put(path, new Answer(0, "", true));
        return this;
    }

    /** A labctl config file pointing at this stand-in. */
    public Path writeConfig(Path directory) throws IOException {
        Path config = directory.resolve("standin.labctl.yaml");
        Files.writeString(config, "server: " + url() + "\n");
        return config;
    }

    /** The URL of a loopback port nothing listens on: connecting is refused. */
    public static URI closedPortUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer = answers.get(exchange.getRequestURI().getPath());
            if (answer == null) {
                answer = new Answer(404, "{\"status\":404,\"error\":\"not_found\",\"message\":\"no such path\"}", false);
            }
            if (answer.hang()) {
                closing.await();
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private record Answer(int status, String body, boolean hang) {
    }
}
