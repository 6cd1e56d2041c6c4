package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KubeCluster;
import org.labctl.tests.harness.Labctl;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;
import org.labctl.tests.harness.Tls;

/**
 * Clusters (issue 18) against a real Kubernetes API server: etcd and kube-apiserver built from Go modules
 * ({@link KubeCluster}), driven with the real kubectl through the real labctl and labd. The admin's kubeconfig (a
 * client certificate in system:masters, which may impersonate) is added as {@code lab}; a ServiceAccount's token, which
 * may not, as {@code lab-token}. Each test checks what a user sees and what the cluster saw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClustersIT {

    private static Path dir;
    private static SharedDatabase database;
    private static LabdProcess labd;
    private static KubeCluster kube;
    private static Labctl admin;
    private static Labctl bob;
    private static String saToken;
    private static String adminKey;

    @BeforeAll
    static void start() throws Exception {
        dir = Repo.scratch("clusters");
        kube = KubeCluster.start();
        database = new SharedDatabase(dir);
        labd = database.labd("labd");
        labd.start().awaitHealthy();
        String kubectl = KubeCluster.binaries().resolve("kubectl").toString();
        admin = labctl(labd.adminConfig(), kubectl);
        Path bobConfig = dir.resolve("bob.labctl.yaml");
        ok(admin.run("create", "user", "bob", "--out", bobConfig.toString()));
        ok(admin.run("create", "role", "lab-user", "--allow", "kubectl:*:*:lab", "--allow", "read:*:*:lab"));
        ok(admin.run("bind", "role", "lab-user", "--user", "bob"));
        bob = labctl(bobConfig, kubectl);
        saToken = kube.serviceAccountToken("default", "labd-reader");
        ok(kube.kubectl("create", "clusterrolebinding", "labd-reader-view", "--clusterrole=view",
                "--serviceaccount=default:labd-reader"));
        adminKey = keyOf(Files.readString(kube.kubeconfig()));
        // labd impersonates its users: the cluster's own RBAC decides what the labd user admin may do there
        ok(kube.kubectl("create", "clusterrolebinding", "labd-admin", "--clusterrole=cluster-admin", "--user=admin"));
    }

    @AfterAll
    static void stop() {
        if (labd != null) {
            labd.close();
        }
        if (database != null) {
            database.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    private static Labctl labctl(Path config, String kubectl) {
        return new Labctl(dir, config).env("HOME", dir.toString()).env("LABCTL_KUBECTL", kubectl)
                .env("KUBECACHEDIR", dir.resolve("kubectl-cache").toString());
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result.toString());
        return result;
    }

    private static Commands.Result fails(int exit, String message, Commands.Result result) {
        assertEquals(exit, result.exitCode(), result.toString());
        assertTrue(result.all().contains(message), "expected '" + message + "' in " + result);
        return result;
    }

    /** {@code text} in {@code dir/name}, for a client that reads its certificate, key or CA from a file (curl, Python). */
    private static Path pem(String name, String text) throws java.io.IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The base64 client key in a kubeconfig, decoded. */
    private static String keyOf(String kubeconfig) {
        for (String line : kubeconfig.lines().toList()) {
            if (line.strip().startsWith("client-key-data:")) {
                return new String(java.util.Base64.getDecoder().decode(line.strip().substring("client-key-data:".length()).strip()),
                        StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no client-key-data in the admin kubeconfig");
    }

    @Test
    @Order(1)
    void aKubeconfigThatCannotWorkIsRefusedWithItsReasonAndNothingIsKept() throws Exception {
        Path exec = dir.resolve("exec.kubeconfig");
        Files.writeString(exec, Files.readString(kube.kubeconfig()).replaceAll("(?s)users:.*?contexts:",
                "users:\n- name: user\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\ncontexts:"));
        fails(2, "exec plugin (aws)", admin.run("clusters", "add", "bad", "--kubeconfig", exec.toString()));
        Path wrongToken = kube.tokenKubeconfig("wrong", "not-a-token-the-server-knows");
        fails(2, "refused the kubeconfig's credential (401 Unauthorized)", admin.run("clusters", "add", "bad", "--kubeconfig",
                wrongToken.toString()));
        Path down = dir.resolve("down.kubeconfig");
        Files.writeString(down, Files.readString(kube.kubeconfig()).replace(kube.server(), "https://127.0.0.1:1"));
        fails(2, "cannot reach the API server https://127.0.0.1:1", admin.run("clusters", "add", "bad", "--kubeconfig", down.toString()));
        fails(2, "no context 'nope'", admin.run("clusters", "add", "bad", "--kubeconfig", kube.kubeconfig().toString(), "--context", "nope"));
        fails(2, "not a cluster name", admin.run("clusters", "add", "Bad_Name", "--kubeconfig", kube.kubeconfig().toString()));
        fails(3, "manage", bob.run("clusters", "add", "mine", "--kubeconfig", kube.kubeconfig().toString()));
        assertEquals("[]", Json.tree(ok(admin.run("clusters", "list", "-o", "json")).stdout()).toString(), "nothing kept");
    }

    @Test
    @Order(2)
    void clustersAreAddedCheckedAgainstTheApiServerAndDescribedWithoutTheirCredential() throws Exception {
        ok(admin.run("clusters", "add", "lab", "--kubeconfig", kube.kubeconfig().toString()));
        Path tokenConfig = kube.tokenKubeconfig("sa", saToken);
        ok(admin.run("clusters", "add", "lab-token", "--kubeconfig", tokenConfig.toString()));
        fails(1, "exists already", admin.run("clusters", "add", "lab", "--kubeconfig", kube.kubeconfig().toString()));

        JsonNode lab = Json.tree(ok(admin.run("clusters", "describe", "lab", "-o", "json")).stdout());
        assertEquals(kube.server(), lab.path("server").asText());
        assertEquals("v1.37.2", lab.path("version").asText());
        assertEquals("client-certificate", lab.path("credential").asText());
        assertTrue(lab.path("impersonates").asBoolean(), "system:masters may impersonate: " + lab);
        JsonNode token = Json.tree(ok(admin.run("clusters", "describe", "lab-token", "-o", "json")).stdout());
        assertEquals("token", token.path("credential").asText());
        assertEquals("system:serviceaccount:default:labd-reader", token.path("user").asText());
        assertFalse(token.path("impersonates").asBoolean(), "a viewer may not impersonate: " + token);
        assertTrue(ok(admin.run("clusters", "describe", "lab-token")).stdout().contains("Impersonation:  no"));

        List<String> names = Json.tree(ok(bob.run("clusters", "list", "-o", "json")).stdout()).findValuesAsText("name");
        assertEquals(List.of("lab"), names, "bob reads only lab");
        // unknown and hidden answer alike
        String hidden = fails(3, "missing permission read:*:*:lab-token", bob.run("clusters", "describe", "lab-token")).stderr();
        String unknown = fails(3, "missing permission read:*:*:no-such-cluster", bob.run("clusters", "describe", "no-such-cluster")).stderr();
        assertEquals(hidden.replace("lab-token", "X"), unknown.replace("no-such-cluster", "X"));
    }

    @Test
    @Order(3)
    void kubectlThroughLabdGetsAppliesWatchesAndDeletes() throws Exception {
        assertTrue(ok(admin.run("kubectl", "--cluster", "lab", "--", "get", "namespaces")).stdout().contains("default"));
        String configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: greeting\n  namespace: default\ndata:\n  hello: world\n";
        ok(admin.run(configMap.getBytes(StandardCharsets.UTF_8), "kubectl", "--cluster", "lab", "--", "apply", "-f", "-"));
        ok(admin.run(configMap.replace("world", "there").getBytes(StandardCharsets.UTF_8), "kubectl", "--cluster", "lab", "--",
                "apply", "--server-side", "--force-conflicts", "-f", "-"));
        assertEquals("there", ok(kube.kubectl("get", "configmap", "greeting", "-o", "jsonpath={.data.hello}")).stdout().trim(),
                "the change reached the cluster");
        // kubectl's own exit code passes through
        Commands.Result missing = admin.run("kubectl", "--cluster", "lab", "--", "get", "configmap", "no-such-map");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("NotFound"), missing.toString());

        // a watch with nothing to report yet is open at once: labd sends the answer's head without waiting for an event
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(Tls.context(Tls.Config.read(labd.adminConfig())))
                .build();
        java.net.http.HttpResponse<java.io.InputStream> quiet = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                labd.url("/k8s/lab/api/v1/namespaces/quiet/configmaps?watch=true"))).timeout(Duration.ofSeconds(10)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, quiet.statusCode());
        quiet.body().close();

        Labctl.Started watch = admin.start(null, "kubectl", "--cluster", "lab", "--", "get", "configmaps", "-w", "-n", "default");
        try {
            Await.until(Duration.ofSeconds(30), "the watch to list greeting", () -> watch.stdout().contains("greeting"));
            ok(kube.kubectl("create", "configmap", "later", "-n", "default", "--from-literal=a=b"));
            Await.until(Duration.ofSeconds(30), "the watch to see the configmap made afterwards", () -> watch.stdout().contains("later"));
        } finally {
            watch.process().destroy();
        }
        ok(admin.run("kubectl", "--cluster", "lab", "--", "delete", "configmap", "greeting", "later"));
        assertEquals(1, kube.kubectl("get", "configmap", "greeting").exitCode(), "deleted on the cluster");
    }

    @Test
    @Order(4)
    void theClusterSeesTheLabdUserAndNoHeaderOfTheirsChangesThat() {
        // bob may use lab in labd, but the cluster's own RBAC gives the user bob nothing: impersonated, he is refused there
        Commands.Result asBob = bob.run("kubectl", "--cluster", "lab", "--", "get", "secrets", "-n", "kube-system");
        assertEquals(1, asBob.exitCode(), asBob.toString());
        assertTrue(asBob.stderr().contains("User \"bob\" cannot list resource \"secrets\""), asBob.toString());
        // kubectl's --as sends Impersonate-User: labd drops it and sends bob
        Commands.Result as = bob.run("kubectl", "--cluster", "lab", "--", "get", "secrets", "-n", "kube-system", "--as", "system:admin",
                "--as-group", "system:masters");
        assertEquals(1, as.exitCode(), as.toString());
        assertTrue(as.stderr().contains("User \"bob\" cannot list resource"), "still bob: " + as);
        ok(kube.kubectl("create", "configmap", "for-bob", "-n", "default", "--from-literal=a=b"));
        // a role of its own: the aggregated ClusterRole view gets its rules from kube-controller-manager, which does not run here
        ok(kube.kubectl("create", "role", "configmap-reader", "--verb=get,list,watch", "--resource=configmaps", "-n", "default"));
        ok(kube.kubectl("create", "rolebinding", "bob-reads", "--role=configmap-reader", "--user=bob", "-n", "default"));
        java.util.concurrent.atomic.AtomicReference<Commands.Result> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Await.until(Duration.ofSeconds(30), "the cluster's RBAC for bob to apply", () -> {
                Commands.Result list = bob.run("kubectl", "--cluster", "lab", "--", "get", "configmaps", "-n", "default");
                last.set(list);
                return list.exitCode() == 0 && list.stdout().contains("for-bob");
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; bob's last try: " + last.get(), e);
        }
        // bob's labd roles are his groups there (labctl:ROLE), whatever groups he asks for
        JsonNode whoami = Json.tree(ok(bob.run("kubectl", "--cluster", "lab", "--", "auth", "whoami", "-o", "json", "--as",
                "system:admin", "--as-group", "system:masters")).stdout()).path("status").path("userInfo");
        assertEquals("bob", whoami.path("username").asText(), whoami.toString());
        List<String> groups = new java.util.ArrayList<>();
        whoami.path("groups").forEach(group -> groups.add(group.asText()));
        assertTrue(groups.contains("labctl:lab-user") && !groups.contains("system:masters"), groups.toString());
        // and the cluster's RBAC can grant a labd role rights through that group
        ok(kube.kubectl("create", "namespace", "team"));
        ok(kube.kubectl("create", "secret", "generic", "team-secret", "-n", "team", "--from-literal=k=v"));
        ok(kube.kubectl("create", "role", "secret-reader", "--verb=get,list", "--resource=secrets", "-n", "team"));
        ok(kube.kubectl("create", "rolebinding", "lab-users-read-secrets", "--role=secret-reader", "--group=labctl:lab-user", "-n", "team"));
        Await.until(Duration.ofSeconds(30), "the cluster's RBAC for group labctl:lab-user to apply", () -> {
            Commands.Result list = bob.run("kubectl", "--cluster", "lab", "--", "get", "secrets", "-n", "team");
            last.set(list);
            return list.exitCode() == 0 && list.stdout().contains("team-secret");
        });
    }

    @Test
    @Order(5)
    void execAndPortForwardPassThroughLabdOverWebSocketAndSpdy() throws Exception {
        kube.runPod("pods", "web", Map.of("app", "web", "app.kubernetes.io/instance", "web"));
        String kubectl = KubeCluster.binaries().resolve("kubectl").toString();
        // kubectl speaks WebSocket (v5.channel.k8s.io) by default, and SPDY/3.1 when told to: labd relays either
        Labctl spdy = labctl(labd.adminConfig(), kubectl).env("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false")
                .env("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false");
        for (Labctl user : List.of(admin, spdy)) {
            Commands.Result exec = ok(user.run("kubectl", "--cluster", "lab", "--", "exec", "web", "-n", "pods", "--",
                    "sh", "-c", "echo hello from $(id -u)"));
            assertEquals("hello from 65534", exec.stdout().trim(), exec.toString());
            Commands.Result piped = ok(user.run("through stdin\n".getBytes(StandardCharsets.UTF_8), "kubectl", "--cluster", "lab", "--",
                    "exec", "-i", "web", "-n", "pods", "--", "head", "-n", "1"));
            assertEquals("through stdin\n", piped.stdout(), piped.toString());
            assertEquals("you said hello", portForward(user, "web"));
        }
        // labctl logs: an app's pods, or a selector's, prefixed with pod and container; -f follows
        kube.appendPodLog("served /index.html");
        Commands.Result appLogs = ok(admin.run("logs", "app/web", "--cluster", "lab", "-n", "pods"));
        assertTrue(appLogs.stdout().contains("[pod/web/web] served /index.html"), appLogs.toString());
        Labctl.Started follow = admin.start(null, "logs", "--cluster", "lab", "-l", "app=web", "-n", "pods", "-f", "--tail", "1");
        try {
            Await.until(Duration.ofSeconds(30), "logs -f to print the last line", () -> follow.stdout().contains("served /index.html"));
            kube.appendPodLog("served /later.html");
            Await.until(Duration.ofSeconds(30), "logs -f to follow a line written afterwards",
                    () -> follow.stdout().contains("[pod/web/web] served /later.html"));
        } finally {
            follow.process().destroy();
            follow.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        Commands.Result none = admin.run("logs", "app/shop", "--cluster", "lab", "-n", "pods");
        assertTrue(none.all().contains("No resources found"), "an app without pods says so: " + none);

        // bob may use the cluster in labd, but the cluster's RBAC gives him no pods/exec: the cluster refuses him itself
        Commands.Result refused = bob.run("kubectl", "--cluster", "lab", "--", "exec", "web", "-n", "pods", "--", "true");
        assertTrue(refused.exitCode() != 0 && refused.stderr().toLowerCase(java.util.Locale.ROOT).contains("forbidden"),
                refused.toString());

        Map<String, Integer> expected = Map.of("pods/exec websocket", 2, "pods/exec SPDY/3.1", 2, "pods/portforward websocket", 1,
                "pods/portforward SPDY/3.1", 1);
        java.util.concurrent.atomic.AtomicReference<Map<String, Integer>> streams = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            // each stream is audited when it ends: the last port-forward's as kubectl goes
            Await.until(Duration.ofSeconds(30), "each stream audited, with its protocol and labctl session", () -> {
                Map<String, Integer> seen = new LinkedHashMap<>();
                for (JsonNode row : Json.tree(labd.get("/api/v1/audit?limit=10000").body())) {
                    JsonNode details = Json.tree(row.path("details").asText("{}"));
                    if ("kubectl".equals(row.path("action").asText()) && row.path("httpStatus").asInt() == 101
                            && "admin".equals(row.path("user").asText()) && details.path("bytesOut").asLong() > 0
                            && row.path("sessionId").asText("").matches("[0-9a-f]{32}")) {
                        seen.merge(details.path("resource").asText() + " " + details.path("protocol").asText(), 1, Integer::sum);
                    }
                }
                streams.set(seen);
                return seen.equals(expected);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; audited: " + streams.get(), e);
        }
    }

    /** {@code kubectl port-forward pod/POD} through labd, a line sent through it, and the answer of kwok's target. */
    private static String portForward(Labctl user, String pod) throws Exception {
        try (java.net.ServerSocket target = kube.answerPortForward()) {
            int local = org.labctl.tests.harness.Ports.free();
            Labctl.Started forward = user.start(null, "kubectl", "--cluster", "lab", "--", "port-forward", "-n", "pods",
                    "pod/" + pod, local + ":8080");
            try {
                Await.until(Duration.ofSeconds(30), "kubectl port-forward listening",
                        () -> forward.stdout().contains("Forwarding from 127.0.0.1:" + local));
                try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), local)) {
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                    return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                            .readLine();
                }
            } finally {
                forward.process().destroy();
                forward.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(6)
    void aClusterTheUserMayNotUseIsRefusedBeforeAnythingIsForwardedAndAudited() throws Exception {
        String hidden = fails(3, "missing permission kubectl:*:*:lab-token", bob.run("kubectl", "--cluster", "lab-token", "--", "get", "pods")).stderr();
        String unknown = fails(3, "missing permission kubectl:*:*:no-such-cluster", bob.run("kubectl", "--cluster", "no-such-cluster", "--",
                "get", "pods")).stderr();
        assertEquals(hidden.replace("lab-token", "X"), unknown.replace("no-such-cluster", "X"), "unknown and hidden answer alike");
        // kubectl with a kubeconfig of labd's proxy, past labctl's check: the proxy refuses it too, as Kubernetes words it
        Path bobKube = dir.resolve("bob-lab-token.kubeconfig");
        Commands.Result written = bob.run("clusters", "kubeconfig", "lab", "--file", bobKube.toString());
        ok(written);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(bobKube)));
        Files.writeString(bobKube, Files.readString(bobKube).replace("/k8s/lab\n", "/k8s/lab-token\n"));
        Commands.Result direct = kube.kubectlAs(bobKube, "get", "pods");
        assertEquals(1, direct.exitCode(), direct.toString());
        assertTrue(direct.stderr().contains("Forbidden"), direct.toString());

        // the proxy writes a request's row once its answer has left: moments later
        Await.until(Duration.ofSeconds(30), "bob's refusal and the admin's get namespaces in the audit log", () -> {
            boolean deniedRow = false;
            boolean listRow = false;
            for (JsonNode row : Json.tree(labd.get("/api/v1/audit?limit=10000").body())) {
                if (!"kubectl".equals(row.path("action").asText())) {
                    continue;
                }
                JsonNode details = Json.tree(row.path("details").asText("{}"));
                if ("bob".equals(row.path("user").asText()) && "denied".equals(row.path("result").asText())
                        && row.path("path").asText().startsWith("/k8s/lab-token/")) {
                    deniedRow = true;
                }
                if ("admin".equals(row.path("user").asText()) && "list".equals(details.path("verb").asText())
                        && "namespaces".equals(details.path("resource").asText()) && row.path("httpStatus").asInt() == 200) {
                    listRow = true;
                }
            }
            return deniedRow && listRow;
        });
    }

    /**
     * labd is stateless: a second instance on the same database serves the cluster added through the first. It runs
     * with a 160 MiB heap and streams a list of over 100 MB to curl: a proxy that held the answer whole could not.
     */
    @Test
    @Order(7)
    void aSecondLabdServesTheClusterAndStreamsALargeListInASmallHeap() throws Exception {
        int count = 110;
        StringBuilder list = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        String megabyte = "x".repeat(1_000_000);
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big-")
                    .append(i).append("\",\"namespace\":\"big\"},\"data\":{\"x\":\"").append(megabyte).append("\"}}");
        }
        list.append("]}");
        // the second labd starts while the cluster stores the list
        try (LabdProcess second = database.labd("second").env("LABD_HEAP", "-Xms64m -Xmx160m").start()) {
            ok(kube.kubectl("create", "namespace", "big"));
            Path items = dir.resolve("big-list.json");
            Files.writeString(items, list.toString());
            ok(kube.kubectl("create", "-f", items.toString()));
            Files.delete(items);
            second.awaitHealthy();
            Labctl there = labctl(second.adminConfig(), KubeCluster.binaries().resolve("kubectl").toString());
            assertTrue(ok(there.run("kubectl", "--cluster", "lab", "--", "get", "namespaces")).stdout().contains("big"));

            Tls.Config tls = Tls.Config.read(second.adminConfig());
            Path cert = pem("second-admin.crt", tls.cert());
            Path key = pem("second-admin.key", tls.key());
            Path ca = pem("second-ca.crt", tls.ca());
            Commands.Result curl = Commands.run(dir, Map.of(), 300, List.of("curl", "-sS", "--fail", "--cacert", ca.toString(),
                    "--cert", cert.toString(), "--key", key.toString(), "-o", "/dev/null", "-w", "%{size_download} %{time_total}",
                    second.url("/k8s/lab/api/v1/namespaces/big/configmaps")));
            assertEquals(0, curl.exitCode(), curl.toString());
            System.out.println("ClustersIT: the list through the second labd (bytes, seconds): " + curl.stdout().trim());
            long size = Long.parseLong(curl.stdout().trim().split(" ")[0]);
            assertTrue(size > (long) count * 1_000_000, "the whole list came through: " + curl.stdout());
            assertEquals(200, second.get("/api/v1/health").status(), "the second labd is well after it");
            assertFalse(second.log().contains("OutOfMemoryError"), "no OutOfMemoryError in the second labd's log");
        }
        ok(kube.kubectl("delete", "namespace", "big", "--wait=false"));
    }

    /**
     * What an attacker and other clients try on the proxy: a flood without a certificate (401 or 503, nothing forwarded,
     * labd serves its users throughout), Python's TLS client with a user's certificate (the same API as kubectl gets),
     * and a body far over the API server's limit streamed through labd (the cluster's own 413, labd unharmed).
     */
    @Test
    @Order(8)
    void strangersOtherClientsAndOversizedBodiesGetClearAnswers() throws Exception {
        Tls.Config tls = Tls.Config.read(labd.adminConfig());
        java.net.http.HttpClient anonymous = java.net.http.HttpClient.newBuilder()
                .sslContext(Tls.context(Tls.certificate(tls.ca()), null, null)).build();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> flood = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flood.add(anonymous.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    labd.url("/k8s/lab/api/v1/namespaces/kube-system/secrets"))).build(), java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        assertEquals(200, labd.get("/api/v1/health").status(), "labd serves its users during the flood");
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (var answer : flood) {
            // 401, or 503 once more strangers wait than labd lets in at a time (its flood limit for requests without a certificate)
            statuses.merge(answer.get().statusCode(), 1, Integer::sum);
            assertFalse(answer.get().body().contains("\"kind\":\"SecretList\""), "nothing was forwarded");
        }
        assertTrue(statuses.keySet().stream().allMatch(status -> status == 401 || status == 503) && statuses.containsKey(401),
                "the flood's answers: " + statuses);

        Path cert = pem("admin.crt", tls.cert());
        Path key = pem("admin.key", tls.key());
        Path ca = pem("ca.crt", tls.ca());
        Commands.Result python = Commands.run(dir, Map.of(), 60, List.of("python3", "-c", """
                import ssl, sys, urllib.request
                context = ssl.create_default_context(cafile=sys.argv[1])
                context.load_cert_chain(sys.argv[2], sys.argv[3])
                print(urllib.request.urlopen(sys.argv[4], context=context).read().decode())
                """, ca.toString(), cert.toString(), key.toString(), labd.url("/k8s/lab/version")));
        assertEquals(0, python.exitCode(), python.toString());
        assertTrue(python.stdout().contains("\"gitVersion\": \"v1."), python.toString());

        Path big = dir.resolve("big-body.json");
        Files.writeString(big, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"too-big\"},\"data\":{\"x\":\""
                + "x".repeat(12_000_000) + "\"}}");
        Commands.Result curl = Commands.run(dir, Map.of(), 120, List.of("curl", "-sS", "--cacert", ca.toString(), "--cert",
                cert.toString(), "--key", key.toString(), "-H", "Content-Type: application/json", "--data-binary", "@" + big,
                "-o", dir.resolve("big-answer.json").toString(), "-w", "%{http_code}",
                labd.url("/k8s/lab/api/v1/namespaces/default/configmaps")));
        Files.delete(big);
        assertEquals("413", curl.stdout().trim(), curl + " " + Files.readString(dir.resolve("big-answer.json")));
        assertEquals(200, labd.get("/api/v1/health").status(), "labd goes on");
        assertEquals(1, kube.kubectl("get", "configmap", "too-big").exitCode(), "nothing was stored");
    }

    @Test
    @Order(9)
    void theCredentialsAppearNowhere() throws Exception {
        Map<String, String> places = new LinkedHashMap<>();
        places.put("clusters list", ok(admin.run("clusters", "list", "-o", "json")).stdout() + ok(admin.run("clusters", "list", "-o", "yaml")).stdout());
        places.put("clusters describe", ok(admin.run("clusters", "describe", "lab", "-o", "yaml")).stdout()
                + ok(admin.run("clusters", "describe", "lab-token", "-o", "json")).stdout());
        places.put("the audit log", labd.admin().get(labd.url("/api/v1/audit?limit=10000")).body());
        places.put("labd's log", labd.log());
        places.put("labd's output", labd.output());
        StringBuilder tables = new StringBuilder();
        try (Connection c = DriverManager.getConnection(database.url(), "postgres", ""); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT t::text FROM clusters t")) {
            while (rows.next()) {
                tables.append(rows.getString(1));
            }
        }
        places.put("the clusters table", tables.toString());
        String adminKeyBody = adminKey.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        places.forEach((place, text) -> {
            assertFalse(text.contains(saToken), "the token is in " + place);
            assertFalse(text.replace("\n", "").replace("\\n", "").contains(adminKeyBody.substring(0, 40)), "the admin's key is in " + place);
        });
    }

    @Test
    @Order(10)
    void aClusterThatIsDownGetsAClearErrorAndLabdGoesOn() {
        kube.stop();
        fails(5, "unreachable", admin.run("kubectl", "--cluster", "lab", "--", "get", "pods"));
        ok(admin.run("get", "servers"));
        ok(admin.run("clusters", "remove", "lab"));
        fails(4, "not found", admin.run("kubectl", "--cluster", "lab", "--", "get", "pods"));
    }
}
