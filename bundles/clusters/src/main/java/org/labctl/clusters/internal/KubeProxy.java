package org.labctl.clusters.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.util.InputStreamContentProvider;
import org.eclipse.jetty.client.util.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpField;
import org.labctl.api.AuditRecord;
import org.labctl.api.Caller;
import org.labctl.api.Failure;
import org.labctl.api.SessionId;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Gate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * labd's kubectl proxy: {@code /k8s/NAME/…} is the Kubernetes API of cluster NAME, for kubectl and any client that
 * speaks it. Each request is authenticated (the user's labd certificate, checked by ca's filter), authorized by the
 * gate ({@code kubectl:CLOUD:ENV:NAME}; an unknown cluster and one the caller may not see answer alike), forwarded
 * with labd's credential for the cluster, and audited once the answer has left (user, verb, resource, namespace, name,
 * status, duration; refusals too).
 * Headers that would let the caller choose who the cluster sees ({@code Authorization}, {@code Impersonate-*}) are
 * dropped; when the credential may impersonate, labd adds {@code Impersonate-User: <labd user>} and an
 * {@code Impersonate-Group: labctl:ROLE} for each labd role bound to them. Bodies stream both ways
 * without being held whole, so watches ({@code ?watch=true}), {@code logs -f} and large lists flow as the server sends
 * them. Connection upgrades ({@code exec}, {@code attach}, {@code port-forward}) are relayed by {@link KubeUpgrade}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(KubeProxy.PREFIX + "/*")
@HttpWhiteboardServletAsyncSupported
public class KubeProxy extends HttpServlet {

    static final String PREFIX = "/k8s";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KubeProxy.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers not passed on, either way: hop-by-hop ones, and what only labd may say to the cluster. */
    private static final Set<String> DROPPED = Set.of("host", "connection", "keep-alive", "proxy-connection", "proxy-authorization",
            "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect", "authorization",
            "x-remote-user", "x-remote-group", "http2-settings");
    private static final int BUFFER = 64 * 1024;
    private static final int AUDIT_QUEUE = 4096;
    /** How long labd waits for the head of the cluster's answer (a watch's comes at once; a large list's when it is ready). */
    private static final long ANSWER_TIMEOUT_SECONDS = 300;
    /** What a labd role's name becomes as a group in the cluster's eyes. */
    static final String GROUP_PREFIX = "labctl:";
    /** How often labd records that it reached a cluster, per cluster and instance. */
    private static final long REACHED_EVERY_MS = 60_000;

    private final transient Gate gate;
    private final transient ClusterStore store;
    private final transient AuditLog audit;
    private final transient Map<String, Long> reached = new ConcurrentHashMap<>();
    /**
     * Writes the proxy's audit rows, in order, once the answer has left: a client's next request on the same connection
     * does not wait for the row of the one before (Jetty serves a connection's requests one after another). When rows
     * come faster than the database takes them, the request threads write their own (the queue is bounded).
     */
    private final transient ThreadPoolExecutor auditor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(AUDIT_QUEUE), runnable -> {
                Thread thread = new Thread(runnable, "labd-kubectl-audit");
                thread.setDaemon(true);
                return thread;
            }, (row, full) -> row.run()); // full, or stopping: the caller writes it

    @Activate
    public KubeProxy(@Reference Gate gate, @Reference ClusterStore store, @Reference AuditLog audit) {
        this.gate = gate;
        this.store = store;
        this.audit = audit;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        String segment = slash < 0 ? path.substring(Math.min(1, path.length())) : path.substring(1, slash);
        // labctl kubectl's kubeconfig names its session after the cluster (NAME@SESSION): kubectl sends no header of ours
        int at = segment.indexOf('@');
        String name = at < 0 ? segment : segment.substring(0, at);
        String header = SessionId.orNull(request.getHeader(SessionId.HEADER));
        String session = header != null || at < 0 ? header : SessionId.orNull(segment.substring(at + 1));
        String rest = slash < 0 ? "/" : path.substring(slash);
        KubeRequest what = KubeRequest.of(request.getMethod(), rest, request.getQueryString());
        Object attribute = request.getAttribute(Caller.ATTRIBUTE);
        Caller caller = attribute instanceof Caller c ? c : null;
        Exchange exchange = Exchange.of(request, caller, what, session, started);
        Gate.Decision decision;
        if (name.isEmpty()) {
            decision = Gate.Decision.refuse(Failure.NOT_FOUND, null, "no cluster in the path: /k8s/NAME/…", null, null);
        } else if (caller == null || caller.kind() != Caller.Kind.USER) {
            decision = Gate.Decision.refuse(Failure.PERMISSION_DENIED, null, "the kubectl proxy is for labctl users", null, null);
        } else {
            decision = gate.decide(caller, new Gate.Request("cluster", "kubectl", name));
        }
        if (!decision.allowed()) {
            status(response, decision.failure().status(), decision.reason());
            record(exchange, decision, "denied", decision.failure().status(), decision.reason(), null);
            return;
        }
        int status;
        String problem = null;
        try {
            if (request.getHeader("Upgrade") != null) {
                status = upgrade(request, response, name, rest, exchange, decision);
                if (status == 101) {
                    return; // audited when the stream ends
                }
            } else {
                status = forward(request, response, name, rest, caller, what);
            }
        } catch (UpstreamDown e) {
            status = 502;
            problem = e.getMessage();
            if (!response.isCommitted()) {
                status(response, 502, problem);
            }
        }
        record(exchange, decision, status < 400 ? "allowed" : "error", status, problem, null);
    }

    private static final class UpstreamDown extends Exception {
        private static final long serialVersionUID = 1L;

        UpstreamDown(String message) {
            super(message);
        }
    }

    /**
     * The request's headers as the cluster gets them: without the hop-by-hop ones and those only labd may send, and
     * with {@code Impersonate-User} and {@code Impersonate-Group} (the caller's labd roles) when labd's credential may
     * impersonate.
     */
    private static Map<String, List<String>> passedOn(HttpServletRequest request, ClusterStore.Target target, Caller caller,
                                                      List<String> roles) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : Collections.list(request.getHeaderNames())) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (!DROPPED.contains(lower) && !lower.startsWith("impersonate-")) {
                headers.put(header, Collections.list(request.getHeaders(header)));
            }
        }
        if (target.row().impersonates()) {
            headers.put("Impersonate-User", List.of(caller.name()));
            List<String> groups = groups(roles);
            if (!groups.isEmpty()) {
                headers.put("Impersonate-Group", groups);
            }
        }
        return headers;
    }

    /**
     * The groups the cluster sees a labd user in: one per labd role bound to them, {@code labctl:ROLE}, so that the
     * cluster's own RoleBindings can grant a labd role rights there ({@code subjects: [{kind: Group, name: labctl:ops}]})
     * and no labd role can pass for one of the cluster's own groups ({@code system:masters}).
     */
    static List<String> groups(List<String> roles) {
        return roles.stream().map(role -> GROUP_PREFIX + role).toList();
    }

    private static String pathAndQuery(HttpServletRequest request, String rest) {
        String query = request.getQueryString();
        return encodePath(rest) + (query == null ? "" : "?" + query);
    }

    /**
     * exec, attach, port-forward: the upgrade goes to the API server on a connection of its own, and a 101 turns the
     * client's connection into a relay of bytes (WebSocket or SPDY, as the two ends agree). Audited when it ends.
     */
    private int upgrade(HttpServletRequest request, HttpServletResponse response, String name, String rest, Exchange exchange,
                        Gate.Decision decision) throws IOException, UpstreamDown {
        ClusterStore.Target target = store.target(name);
        Map<String, List<String>> headers = passedOn(request, target, exchange.caller(), roles(exchange.caller()));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Upgrade", Collections.list(request.getHeaders("Upgrade")));
        String protocol = request.getHeader("Upgrade");
        int status;
        try {
            status = KubeUpgrade.relay(request, response, target.kube(), pathAndQuery(request, rest), headers,
                    (in, out) -> {
                        LOG.info("{}'s {} stream of {} on cluster {} ended: {} bytes in, {} out", exchange.caller().name(), protocol,
                                exchange.what().resource(), name, in, out);
                        ObjectNode stream = JSON.createObjectNode();
                        stream.put("protocol", protocol);
                        stream.put("bytesIn", in);
                        stream.put("bytesOut", out);
                        record(exchange, decision, "allowed", 101, null, stream);
                    });
        } catch (IOException e) {
            throw unreachable(name, target, e);
        }
        if (status < 0) {
            status(response, 400, "a connection upgrade needs HTTP/1.1");
            return 400;
        }
        markReached(name);
        return status;
    }

    private static UpstreamDown unreachable(String name, ClusterStore.Target target, IOException e) {
        if (e instanceof ConnectException) {
            return new UpstreamDown("cluster " + name + " is unreachable: its API server " + target.row().server()
                    + " refused the connection");
        }
        return new UpstreamDown("cluster " + name + " is unreachable: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }

    /** Sends the request on and streams the answer back; returns the cluster's status. */
    private int forward(HttpServletRequest request, HttpServletResponse response, String name, String rest, Caller caller,
                        KubeRequest what) throws IOException, UpstreamDown {
        ClusterStore.Target target = store.target(name);
        Request upstream;
        try {
            upstream = target.kube().forwarder().newRequest(target.kube().server() + pathAndQuery(request, rest))
                    .method(request.getMethod());
        } catch (IllegalStateException e) {
            throw new UpstreamDown("cluster " + name + " was changed while this request began: try again");
        }
        passedOn(request, target, caller, roles(caller)).forEach((header, values) -> values.forEach(value -> upstream.header(header, value)));
        if (target.kube().bearer() != null) {
            upstream.header("Authorization", target.kube().bearer());
        }
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            upstream.content(new InputStreamContentProvider(request.getInputStream(), BUFFER, false));
        }
        InputStreamResponseListener listener = new InputStreamResponseListener();
        upstream.send(listener);
        Response answer;
        try {
            answer = listener.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw unreachable(name, target, e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (TimeoutException e) {
            upstream.abort(e);
            throw new UpstreamDown("cluster " + name + " did not answer within " + ANSWER_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            upstream.abort(e);
            throw new UpstreamDown("interrupted");
        }
        markReached(name);
        response.setStatus(answer.getStatus());
        for (HttpField field : answer.getHeaders()) {
            String lower = field.getName().toLowerCase(Locale.ROOT);
            if (!DROPPED.contains(lower)) {
                response.addHeader(field.getName(), field.getValue());
            }
        }
        long length = answer.getHeaders().getLongField("Content-Length");
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        // a quiet watch or log stream outlives Jetty's idle timeout: the API server ends it in its own time
        boolean streams = what.streams();
        KubeUpgrade.Idle idle = streams ? KubeUpgrade.longIdle(request) : KubeUpgrade.Idle.NONE;
        try (InputStream in = listener.getInputStream(); idle) {
            if (streams) {
                response.flushBuffer(); // the client's watch is open now, not at its first event
            }
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                if (streams && in.available() == 0) {
                    out.flush(); // a watch's event, or a log's line, goes out now; other answers fill Jetty's buffer first
                }
            }
            out.close(); // the answer is complete for the client now, before labd writes its audit row
        } catch (IOException e) {
            upstream.abort(e); // the client went away: so does the request to the cluster
            LOG.debug("cluster {}: the stream ended early: {}", name, e.toString());
        }
        return answer.getStatus();
    }

    /** The labd roles of the caller, as the gate decided with them. */
    private List<String> roles(Caller caller) {
        Access access = gate.access(caller);
        return access == null ? List.of() : access.roles();
    }

    private void markReached(String name) {
        long now = System.currentTimeMillis();
        Long last = reached.get(name);
        if (last == null || now - last > REACHED_EVERY_MS) {
            reached.put(name, now);
            try {
                store.reached(name);
            } catch (RuntimeException e) {
                LOG.debug("cluster {}: not recorded as reached: {}", name, e.toString());
            }
        }
    }

    /** The path as the client sent it (already decoded by the container): encoded again for the URI. */
    private static String encodePath(String path) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~:@!$&'()*+,;=".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return encoded.toString();
    }

    /** A Kubernetes Status object, which kubectl shows as "Error from server (Forbidden): …". */
    private static void status(HttpServletResponse response, int code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message == null ? "refused" : message);
        status.put("reason", switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 501 -> "NotImplemented";
            case 502, 503 -> "ServiceUnavailable";
            default -> "BadRequest";
        });
        status.put("code", code);
        byte[] body = JSON.writeValueAsBytes(status);
        response.setStatus(code);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * What the audit row of a request needs (its session: {@code X-Labctl-Session}, else what follows '@' in the cluster's
     * segment), read while the request is served: an upgraded stream is recorded when it
     * ends, after Jetty has recycled the request.
     */
    record Exchange(Caller caller, KubeRequest what, String method, String uri, String source, String session, long started) {

        static Exchange of(HttpServletRequest request, Caller caller, KubeRequest what, String session, long started) {
            return new Exchange(caller, what, request.getMethod(), request.getRequestURI(), request.getRemoteAddr(),
                    session, started);
        }
    }

    private void record(Exchange exchange, Gate.Decision decision, String result, int status, String reason, ObjectNode stream) {
        KubeRequest what = exchange.what();
        ObjectNode details = JSON.createObjectNode();
        details.put("verb", what.verb());
        if (what.resource() != null) {
            details.put("resource", what.resource());
        }
        if (what.namespace() != null) {
            details.put("namespace", what.namespace());
        }
        if (what.name() != null) {
            details.put("name", what.name());
        }
        if (reason != null) {
            details.put("reason", reason);
        }
        if (stream != null) {
            details.setAll(stream);
        }
        Caller caller = exchange.caller();
        AuditRecord row = new AuditRecord(null, null, caller == null ? null : caller.name(), exchange.session(), null,
                exchange.method(), exchange.uri(), "kubectl", decision.resource(), result, status,
                (int) ((System.nanoTime() - exchange.started()) / 1_000_000), exchange.source(), details.toString());
        auditor.execute(() -> write(row));
    }

    private void write(AuditRecord row) {
        try {
            audit.record(row);
        } catch (RuntimeException e) {
            LOG.warn("a kubectl proxy request was not audited: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        auditor.shutdown();
        if (!auditor.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("the kubectl proxy stopped with audit rows still being written");
        }
    }

    /** What kubectl calls a request: its verb, and the resource it acts on (from the path, as the API server reads it). */
    record KubeRequest(String verb, String resource, String namespace, String name, boolean streams) {

        static KubeRequest of(String method, String path, String query) {
            List<String> parts = new java.util.ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/")));
            // /api/v1/... or /apis/GROUP/VERSION/...
            int start = !parts.isEmpty() && parts.get(0).equals("api") ? 2 : !parts.isEmpty() && parts.get(0).equals("apis") ? 3 : -1;
            boolean watch = query != null && (query.contains("watch=true") || query.contains("watch=1"));
            String resource = null;
            String namespace = null;
            String name = null;
            String sub = null;
            if (start > 0 && parts.size() > start) {
                List<String> r = parts.subList(start, parts.size());
                if (r.size() >= 2 && r.get(0).equals("namespaces") && r.size() >= 3) {
                    namespace = r.get(1);
                    r = r.subList(2, r.size());
                } else if (r.size() >= 1 && r.get(0).equals("watch")) {
                    watch = true;
                    r = r.subList(1, r.size());
                    if (r.size() >= 3 && r.get(0).equals("namespaces")) {
                        namespace = r.get(1);
                        r = r.subList(2, r.size());
                    }
                }
                if (!r.isEmpty()) {
                    resource = r.get(0);
                }
                if (r.size() >= 2) {
                    name = r.get(1);
                }
                if (r.size() >= 3) {
                    sub = r.get(2);
                }
                if (resource != null && resource.equals("namespaces") && namespace == null && name != null) {
                    namespace = name;
                }
            }
            String verb = switch (method) {
                case "GET", "HEAD" -> watch ? "watch" : name == null && resource != null ? "list" : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> name == null && resource != null ? "deletecollection" : "delete";
                default -> method.toLowerCase(Locale.ROOT);
            };
            if (sub != null) {
                resource = resource + "/" + sub;
            }
            boolean follow = query != null && (query.contains("follow=true") || query.contains("follow=1"));
            return new KubeRequest(verb, resource, namespace, name, watch || follow);
        }
    }
}
