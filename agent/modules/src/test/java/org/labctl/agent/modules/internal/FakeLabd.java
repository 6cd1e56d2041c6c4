package org.labctl.agent.modules.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.api.session.AgentIdentity;

/**
 * labd's side of modules as the agent sees it, for the tests: {@code GET /api/v1/agent/modules} and each
 * file at its url, served by the JDK's HTTP server on loopback. The transport is the tests' one seam:
 * plain HTTP through a test {@link AgentIdentity} (mutual TLS through the agent's identity is proven in
 * the agent core's LabdIdentityTest); requests, paths and JSON are labd's.
 */
final class FakeLabd implements AutoCloseable {

    /** One file of a module as labd serves it; {@code pinned} is the SHA-256 labd announces (normally the bytes'). */
    record File(String name, byte[] bytes, String pinned) {
        static File of(String name, byte[] bytes) {
            return new File(name, bytes, ArtifactDigest.sha256(bytes));
        }
    }

    /** One module as labd lists it. */
    record Module(String name, String version, Map<String, Object> parameters, List<File> files) {
        static Module of(String name, String version, Map<String, Object> parameters, File... files) {
            return new Module(name, version, parameters, List.of(files));
        }
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private volatile byte[] modules;
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger downloads = new AtomicInteger();

    FakeLabd() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status;
            if (path.equals(LabdClient.MODULES) && modules != null) {
                fetches.incrementAndGet();
                body = modules;
                status = 200;
            } else if (files.containsKey(path)) {
                downloads.incrementAndGet();
                body = files.get(path);
                status = 200;
            } else {
                body = "{\"message\":\"nothing here\"}".getBytes(StandardCharsets.UTF_8);
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** From now on labd wants these modules on the server, under this generation. */
    void serve(String generation, Module... wanted) {
        ObjectNode root = ModulesJson.MAPPER.createObjectNode();
        root.put("generation", generation);
        root.putObject("server").put("role", "web").putObject("labels").put("tier", "gold");
        ArrayNode list = root.putArray("modules");
        for (Module module : wanted) {
            ObjectNode json = list.addObject().put("name", module.name()).put("version", module.version());
            json.set("parameters", ModulesJson.MAPPER.valueToTree(module.parameters()));
            ArrayNode bundles = json.putArray("bundles");
            for (File file : module.files()) {
                String url = LabdClient.MODULES + "/" + module.name() + "/" + module.version() + "/files/" + file.name();
                files.put(url, file.bytes());
                bundles.addObject().put("file", file.name()).put("sha256", file.pinned()).put("size", file.bytes().length).put("url", url);
            }
        }
        try {
            modules = ModulesJson.MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** labd stops answering: the agent must do without it. */
    @Override
    public void close() {
        server.stop(0);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The agent's identity as the tests give it: labd's address, and plain HTTP. */
    AgentIdentity identity() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = uri();
        return new AgentIdentity() {
            @Override
            public URI server() {
                return uri;
            }

            @Override
            public String serverId() {
                return "7d0c3a52-0000-4000-8000-000000000001";
            }

            @Override
            public String serverName() {
                return "web-1";
            }

            @Override
            public SSLContext tls() {
                throw new UnsupportedOperationException("the tests' labd speaks plain HTTP");
            }

            @Override
            public HttpClient http() {
                return http;
            }
        };
    }

    static Map<String, Object> parameters(Object... keysAndValues) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            parameters.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return parameters;
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
