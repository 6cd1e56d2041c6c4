package org.labctl.bastion.internal.standalone;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.labctl.api.BastionLog;
import org.labctl.api.ErrorBody;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabException;
import org.labctl.api.NotFoundException;
import org.labctl.api.ProvisionRequest;
import org.labctl.bastion.Bastion;
import org.labctl.bastion.internal.Log;
import org.labctl.bastion.internal.http.HttpQuery;

/**
 * The standalone bastion's admin endpoint, what {@code labctl provision --standalone} talks to: on
 * 127.0.0.1 only, at a port the system picks, each request carrying the secret that
 * {@value #FILE} (mode 0600, next to the configuration) holds with the port. Whoever can read that
 * file (root, who started the bastion) manages its machines; nobody else can.
 *
 * <pre>
 * GET    /status                 BastionInfo
 * GET    /machines               [MachineInfo]
 * PUT    /machines/MAC           ProvisionRequest -&gt; MachineInfo
 * DELETE /machines/MAC           MachineInfo
 * GET    /log?mac=&amp;lines=&amp;after=  BastionLog
 * </pre>
 * Errors are {@link ErrorBody} with labd's statuses.
 */
public final class AdminHttp implements Closeable {

    /** The file with the endpoint's port and secret. */
    public static final String FILE = "admin.json";
    private static final Log LOG = Log.of(AdminHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Bastion bastion;
    private final byte[] secret;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Path file;

    private AdminHttp(Bastion bastion, Path data) throws IOException {
        this.bastion = bastion;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "bastion-admin");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        this.file = data.resolve(FILE);
    }

    public static AdminHttp start(Bastion bastion, Path data) throws IOException {
        AdminHttp admin = new AdminHttp(bastion, data);
        admin.server.start();
        Path temporary = data.resolve(FILE + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, JSON.writeValueAsString(Map.of("port", admin.address().getPort(),
                "secret", new String(admin.secret, StandardCharsets.US_ASCII), "pid", ProcessHandle.current().pid())));
        Files.move(temporary, admin.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return admin;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, Failure.UNAUTHENTICATED, "send the secret of " + file + " as a bearer token");
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = HttpQuery.parse(exchange.getRequestURI().getRawQuery());
            String by = "root@" + InetAddress.getLocalHost().getHostName();
            if (method.equals("GET") && path.equals("/status")) {
                send(exchange, 200, bastion.info());
            } else if (method.equals("GET") && path.equals("/machines")) {
                send(exchange, 200, bastion.machines());
            } else if (method.equals("PUT") && path.startsWith("/machines/")) {
                ProvisionRequest request;
                try {
                    request = JSON.readValue(exchange.getRequestBody(), ProvisionRequest.class);
                } catch (IOException e) {
                    throw new InvalidArgument("the body must be {\"hostname\": …, \"role\": …, \"mode\": …}");
                }
                send(exchange, 200, bastion.provision(path.substring("/machines/".length()), request, by));
            } else if (method.equals("DELETE") && path.startsWith("/machines/")) {
                send(exchange, 200, bastion.forget(path.substring("/machines/".length()), by));
            } else if (method.equals("GET") && path.equals("/log")) {
                send(exchange, 200, log(query));
            } else {
                throw new NotFoundException("nothing at " + method + " " + path);
            }
        } catch (LabException e) {
            error(exchange, e.failure(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("admin request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            error(exchange, Failure.INTERNAL, "the bastion failed to answer: its output has the details");
        } finally {
            exchange.close();
        }
    }

    private BastionLog log(Map<String, String> query) {
        try {
            return bastion.log(query.get("mac"), query.containsKey("lines") ? Integer.valueOf(query.get("lines")) : null,
                    query.containsKey("after") ? Long.valueOf(query.get("after")) : null);
        } catch (NumberFormatException e) {
            throw new InvalidArgument("lines and after must be numbers");
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(secret, header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** The answer to a failure: its status, and its code with the message in an {@link ErrorBody}. */
    private static void error(HttpExchange exchange, Failure failure, String message) throws IOException {
        send(exchange, failure.status(), new ErrorBody(failure.status(), failure.code(), message));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
