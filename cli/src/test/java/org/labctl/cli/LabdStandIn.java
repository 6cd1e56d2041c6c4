package org.labctl.cli;

import com.sun.net.httpserver.Headers;
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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Stands in for labd in unit tests: the JDK's HTTP server on 127.0.0.1 answering the REST
 * contract's JSON bodies, over plain HTTP or, like labd, over HTTPS demanding a client
 * certificate. It records every request, so that tests can check what labctl sent. The tests
 * against the real labd live in the tests module.
 */
public final class LabdStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** By {@code METHOD path}, or by path alone for every method. */
    private final Map<String, Function<Request, Answer>> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    /** The headers of each request, in the order of {@link #requests}. */
    private final List<Headers> headers = new CopyOnWriteArrayList<>();
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

    /** Answers every request to {@code path} with {@code status} and the JSON {@code body}. */
    public LabdStandIn answer(String path, int status, String body) {
        Answer answer = new Answer(status, body, false);
        answers.put(path, request -> answer);
        return this;
    }

    /** Answers {@code method path}, such as {@code POST /api/v1/users}, with {@code status} and the JSON {@code body}. */
    public LabdStandIn answer(String method, String path, int status, String body) {
        Answer answer = new Answer(status, body, false);
        answers.put(method + " " + path, request -> answer);
        return this;
    }

    /** Answers {@code method path} with {@code status} and the JSON body {@code body} makes of the request. */
    public LabdStandIn answer(String method, String path, int status, Function<Request, String> body) {
        answers.put(method + " " + path, request -> new Answer(status, body.apply(request), false));
        return this;
    }

    /** Accepts requests to {@code path} and never answers, as a labd stuck in a long call would. */
    public LabdStandIn neverAnswer(String path) {
        Answer answer = new Answer(0, "", true);
        answers.put(path, request -> answer);
        return this;
    }

    /** The requests so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The value of header {@code name} in each request so far, oldest first; null where a request had none. */
    public List<String> header(String name) {
        synchronized (requests) {
            return headers.stream().map(each -> each.getFirst(name)).toList();
        }
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
            String path = exchange.getRequestURI().getRawPath();
            Request request = new Request(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestURI().getRawQuery());
            Headers requestHeaders = new Headers();
            requestHeaders.putAll(exchange.getRequestHeaders());
            synchronized (requests) {
                headers.add(requestHeaders);
                requests.add(request);
            }
            Function<Request, Answer> answering = answers.getOrDefault(request.method() + " " + path,
                    answers.get(exchange.getRequestURI().getPath()));
            Answer answer;
            try {
                answer = answering == null
                        ? new Answer(404, "{\"status\":404,\"error\":\"not_found\",\"message\":\"no such path\"}", false)
                        : answering.apply(request);
            } catch (RuntimeException bugInTheTest) {
                // as a 500 the test sees what went wrong, where a dropped connection would say only "unreachable"
                answer = new Answer(500, "{\"status\":500,\"error\":\"internal\",\"message\":"
                        + Mappers.json().writeValueAsString("stand-in failed: " + bugInTheTest) + "}", false);
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

    /**
     * One request as the stand-in received it.
     *
     * @param method      such as {@code POST}
     * @param path        the raw path, percent-encoding kept
     * @param contentType the Content-Type header, or null
     * @param body        the body, empty when there is none
     * @param query       the raw query, percent-encoding kept, or null when there is none; answers are
     *                    chosen by path alone
     */
    public record Request(String method, String path, String contentType, String body, String query) {

        /** A request without a query. */
        public Request(String method, String path, String contentType, String body) {
            this(method, path, contentType, body, null);
        }

        /** The query's parameters in order, decoded, such as {@code label=rack=r1}. */
        public List<String> parameters() {
            if (query == null || query.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(query.split("&"))
                    .map(parameter -> URLDecoder.decode(parameter, StandardCharsets.UTF_8))
                    .toList();
        }
    }

    private record Answer(int status, String body, boolean hang) {
    }
}
