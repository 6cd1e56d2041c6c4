package org.labctl.clusters.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.AddClusterRequest;
import org.labctl.api.ClusterInfo;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.NotFoundException;
import org.labctl.api.Permission;
import org.labctl.ca.SecretBox;
import org.labctl.core.Access;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.labctl.core.Inventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters labd keeps. Adding one checks its kubeconfig against the real API server before anything is stored:
 * the server answers {@code /version} through the kubeconfig's CA, the credential is accepted (its
 * {@code SelfSubjectReview} names the user), and a {@code SelfSubjectAccessReview} says whether it may impersonate users
 * and groups. The credential is then sealed with labd's master key, bound to the cluster's name; it is opened only in
 * memory, to build the client that reaches the cluster ({@link KubeTarget}), and never shown again.
 */
@Component(service = ClusterStore.class)
public class ClusterStore {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final SqlSessionFactory sessions;
    private final SecretBox secrets;
    private final Inventory inventory;
    private final AuditLog audit;
    /** Clients by cluster name, with the row they were built from (a cluster added again gets a new one). */
    private final Map<String, Cached> targets = new ConcurrentHashMap<>();

    private record Cached(ClusterMapper.Row row, KubeTarget target) {
    }

    /**
     * How long a cluster's row, once read for a request through the proxy, serves the next ones on this instance:
     * a cluster removed through another labd instance is refused here within this time (as roles changed elsewhere
     * are, by rbac's cache). Only rows found are kept: a cluster added elsewhere is seen at once.
     */
    static final long FRESH_NANOS = 1_000_000_000L;
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    private record Read(ClusterMapper.Row row, long at) {
    }

    /** A cluster as the proxy reaches it. */
    record Target(ClusterMapper.Row row, KubeTarget kube) {
    }

    @Activate
    public ClusterStore(@Reference Database database, @Reference SecretBox secrets, @Reference Inventory inventory,
                        @Reference AuditLog audit) {
        this.database = database;
        this.sessions = database.sessionFactory(ClusterMapper.class);
        this.secrets = secrets;
        this.inventory = inventory;
        this.audit = audit;
    }

    /** The stored row of the cluster, or null. */
    ClusterMapper.Row row(String name) {
        return database.transaction(sessions, s -> s.getMapper(ClusterMapper.class).byName(name));
    }

    /** The row of the cluster as requests through the proxy see it: read at most {@link #FRESH_NANOS} ago; or null. */
    ClusterMapper.Row recentRow(String name) {
        long now = System.nanoTime();
        Read read = reads.get(name);
        if (read != null && now - read.at() < FRESH_NANOS) {
            return read.row();
        }
        ClusterMapper.Row row = row(name);
        if (row == null) {
            reads.remove(name);
        } else {
            reads.put(name, new Read(row, now));
        }
        return row;
    }

    /** Adds the cluster {@code name} at {@code cloud}/{@code environment} ({@code *}/{@code *} for none). */
    public ClusterInfo add(String cloud, String environment, String name, AddClusterRequest request, Access access) {
        ClusterNames.check(name);
        ClusterNames.place(cloud, "cloud");
        ClusterNames.place(environment, "environment");
        if (Permission.ANY.equals(cloud) != Permission.ANY.equals(environment)) {
            throw new InvalidArgument("give both a cloud and an environment (--cloud C --env E), or neither");
        }
        if (!Permission.ANY.equals(cloud) && !inventory.placeExists(cloud, environment)) {
            throw new NotFoundException("environment " + cloud + "/" + environment + " not found (labctl get environments "
                    + "lists them)");
        }
        if (row(name) != null) {
            throw new Conflict("cluster " + name + " exists already: labctl clusters remove " + name + " first");
        }
        Kubeconfig config = Kubeconfig.parse(request.kubeconfig(), request.context());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cluster", name);
        details.put("server", config.server());
        details.put("credential", config.credential().kind());
        audit.details(details);
        KubeTarget target = KubeTarget.of(config);
        Probe probe = probe(target, config.server());
        details.put("clusterUser", probe.user());
        details.put("impersonates", probe.impersonates());
        details.put("version", probe.version());
        audit.details(details);
        SecretBox.Sealed sealed = secrets.seal(credentialJson(config.credential()), associatedData(name));
        ClusterMapper.Row row = new ClusterMapper.Row(name, cloud, environment, config.server(), config.caPem(),
                config.credential().kind(), sealed.nonce(), sealed.ciphertext(), probe.user(), probe.impersonates(),
                probe.version(), null, access.caller().name(), null);
        database.transaction(sessions, s -> {
            if (s.getMapper(ClusterMapper.class).byName(name) != null) {
                throw new Conflict("cluster " + name + " exists already: labctl clusters remove " + name + " first");
            }
            s.getMapper(ClusterMapper.class).insert(row);
            return null;
        });
        LOG.info("cluster {} ({}) added by {}: {} as {}{}", name, config.server(), access.caller().name(),
                config.credential().kind(), probe.user(), probe.impersonates() ? ", impersonating labd's users" : "");
        return info(row(name));
    }

    /** The clusters the caller may read. */
    public List<ClusterInfo> list(Access access) {
        List<ClusterInfo> infos = new ArrayList<>();
        for (ClusterMapper.Row row : database.transaction(sessions, s -> s.getMapper(ClusterMapper.class).all())) {
            if (access.allows("read", row.cloud(), row.environment(), row.name())) {
                infos.add(info(row));
            }
        }
        return infos;
    }

    /** One cluster (the gate has checked the caller may read it). */
    public ClusterInfo describe(String name) {
        ClusterMapper.Row row = row(name);
        if (row == null) {
            throw new NotFoundException("cluster/" + name + " not found (labctl clusters list lists them)");
        }
        return info(row);
    }

    /** Forgets the cluster: its credential is deleted with it. */
    public ClusterInfo remove(String name) {
        ClusterMapper.Row row = row(name);
        if (row == null) {
            throw new NotFoundException("cluster/" + name + " not found (labctl clusters list lists them)");
        }
        audit.details(Map.of("cluster", name, "server", row.server()));
        database.transaction(sessions, s -> s.getMapper(ClusterMapper.class).delete(name));
        reads.remove(name);
        Cached gone = targets.remove(name);
        if (gone != null) {
            gone.target().close();
        }
        return info(row);
    }

    /** The cluster as the proxy reaches it, its client built once from the opened credential. */
    Target target(String name) {
        ClusterMapper.Row row = recentRow(name);
        if (row == null) {
            throw new NotFoundException("cluster/" + name + " not found (labctl clusters list lists them)");
        }
        // built once per row even when requests arrive together: none is handed a client another one just replaced
        Cached cached = targets.compute(name, (key, known) -> {
            if (known != null && same(known.row(), row)) {
                return known;
            }
            if (known != null) {
                known.target().close();
            }
            return new Cached(row, KubeTarget.of(new Kubeconfig(row.server(), row.caPem(), open(row))));
        });
        return new Target(row, cached.target());
    }

    @Deactivate
    void deactivate() {
        targets.values().forEach(cached -> cached.target().close());
        targets.clear();
    }

    /** Records that labd reached the cluster now (at most once a minute per cluster and instance is enough). */
    void reached(String name) {
        database.transaction(sessions, s -> {
            s.getMapper(ClusterMapper.class).reached(name, null);
            return null;
        });
    }

    private static boolean same(ClusterMapper.Row a, ClusterMapper.Row b) {
        return java.util.Arrays.equals(a.credentialSealed(), b.credentialSealed()) && a.server().equals(b.server());
    }

    private Kubeconfig.Credential open(ClusterMapper.Row row) {
        byte[] json;
        try {
            json = secrets.open(new SecretBox.Sealed(row.credentialNonce(), row.credentialSealed()), associatedData(row.name()));
        } catch (IllegalStateException e) {
            throw new Conflict("the credential of cluster " + row.name() + " was sealed with another master key than this "
                    + "labd's (LABD_MASTER_KEY): remove the cluster and add it again");
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.has("token") ? new Kubeconfig.Token(node.path("token").asText())
                    : new Kubeconfig.ClientCertificate(node.path("certificate").asText(), node.path("key").asText());
        } catch (IOException e) {
            throw new IllegalStateException("the sealed credential of cluster " + row.name() + " is unreadable");
        } finally {
            java.util.Arrays.fill(json, (byte) 0);
        }
    }

    private static byte[] credentialJson(Kubeconfig.Credential credential) {
        ObjectNode node = JSON.createObjectNode();
        if (credential instanceof Kubeconfig.Token token) {
            node.put("token", token.token());
        } else if (credential instanceof Kubeconfig.ClientCertificate client) {
            node.put("certificate", client.certificatePem());
            node.put("key", client.keyPem());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String associatedData(String name) {
        return "cluster-credential/" + name;
    }

    static ClusterInfo info(ClusterMapper.Row row) {
        return new ClusterInfo(row.name(), row.cloud(), row.environment(), row.server(), row.version(), row.credential(),
                row.clusterUser(), row.impersonates(), row.addedBy(), row.addedAt() == null ? null : row.addedAt().toInstant().toString(),
                row.lastReachedAt() == null ? null : row.lastReachedAt().toInstant().toString());
    }

    // ---- the checks of a new cluster

    /** What the API server said of the kubeconfig. */
    record Probe(String version, String user, boolean impersonates) {
    }

    /**
     * Asks the API server its version, who the credential is and whether it may impersonate.
     *
     * @throws InvalidArgument saying what failed: unreachable, its certificate not trusted, the credential refused
     */
    static Probe probe(KubeTarget target, String server) {
        JsonNode version;
        try {
            version = call(target, server, target.request("/version").GET());
        } catch (NotFound e) {
            throw new InvalidArgument("the server " + server + " has no /version: is it a Kubernetes API server?");
        }
        String gitVersion = version.path("gitVersion").asText(null);
        String user = null;
        try {
            JsonNode review = call(target, server, target.request("/apis/authentication.k8s.io/v1/selfsubjectreviews")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}")));
            user = review.path("status").path("userInfo").path("username").asText(null);
        } catch (NotFound e) {
            LOG.debug("{} has no SelfSubjectReview (Kubernetes before 1.28)", server);
        }
        boolean impersonates = may(target, server, "users") && may(target, server, "groups");
        return new Probe(gitVersion, user, impersonates);
    }

    private static boolean may(KubeTarget target, String server, String resource) {
        String body = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\",\"spec\":"
                + "{\"resourceAttributes\":{\"verb\":\"impersonate\",\"resource\":\"" + resource + "\"}}}";
        try {
            return call(target, server, target.request("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)))
                    .path("status").path("allowed").asBoolean(false);
        } catch (NotFound e) {
            return false;
        }
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static JsonNode call(KubeTarget target, String server, HttpRequest.Builder request) {
        HttpResponse<byte[]> response;
        try {
            response = target.client().send(request.timeout(PROBE_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new InvalidArgument("the API server " + server + " did not answer within " + PROBE_TIMEOUT.toSeconds() + " s");
        } catch (SSLException e) {
            throw new InvalidArgument("the API server " + server + " failed the TLS handshake (is its certificate signed by "
                    + "the kubeconfig's CA, for this host name?): " + e.getMessage());
        } catch (ConnectException e) {
            throw new InvalidArgument("cannot reach the API server " + server + ": connection refused");
        } catch (IOException e) {
            throw new InvalidArgument("cannot reach the API server " + server + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidArgument("interrupted while asking the API server " + server);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new InvalidArgument("the API server " + server + " refused the kubeconfig's credential (401 Unauthorized)");
        }
        if (status == 404) {
            throw new NotFound();
        }
        if (status / 100 != 2) {
            throw new InvalidArgument("the API server " + server + " answered " + status + " to " + response.request().uri().getPath());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new InvalidArgument("the API server " + server + " answered " + response.request().uri().getPath()
                    + " with something other than JSON: is it a Kubernetes API server?");
        }
    }
}
