package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.Json;
import org.labctl.tests.harness.KubeCluster;
import org.labctl.tests.harness.Ports;

/**
 * The Kubernetes test peers are real and work together: etcd and kube-apiserver built by
 * .ci/peers/kube.sh, started on loopback by {@link KubeCluster}, driven with the real kubectl of the
 * same release (client and server side apply, a watch, RBAC refusing a user, client-certificate,
 * static and ServiceAccount tokens), and kwok as the node that runs pods, with their logs, exec and
 * port-forward.
 */
class KubePeersIT {

    private static KubeCluster cluster;

    @BeforeAll
    static void start() {
        cluster = KubeCluster.start();
        System.out.println("KubePeersIT: etcd + kube-apiserver ready in " + cluster.startupTime().toMillis() + " ms");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Commands.Result ok(Commands.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    @Test
    void kubectlReportsTheServersVersion() {
        JsonNode version = Json.tree(ok(cluster.kubectl("version", "-o", "json")).stdout());
        String release = KubeCluster.binaries().getParent().getFileName().toString().replaceFirst("^kube-", "");
        assertEquals(release, version.path("serverVersion").path("gitVersion").asText(), version::toString);
        assertEquals(release, version.path("clientVersion").path("gitVersion").asText(), version::toString);
    }

    @Test
    void clientAndServerSideApplyStoreWhatIsAskedAndWatchSeesTheChange() throws Exception {
        ok(cluster.kubectlWithInput(cluster.kubeconfig(), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: peers-apply
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: peers-apply
                data:
                  colour: blue
                """, "apply", "-f", "-"));
        assertEquals("blue", ok(cluster.kubectl("get", "configmap", "settings", "-n", "peers-apply", "-o",
                "jsonpath={.data.colour}")).stdout());

        Process watch = new ProcessBuilder(cluster.kubectlCommand(cluster.kubeconfig(), "get", "configmap", "settings",
                "-n", "peers-apply", "--watch", "-o", "jsonpath={.data.colour}{\"\\n\"}"))
                .redirectError(cluster.dir().resolve("watch.err").toFile()).start();
        try {
            BlockingQueue<String> lines = lines(watch);
            assertEquals("blue", lines.poll(60, TimeUnit.SECONDS), "the watch's first line: the current object");

            ok(cluster.kubectlWithInput(cluster.kubeconfig(), """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: settings
                      namespace: peers-apply
                    data:
                      colour: green
                    """, "apply", "--server-side", "--field-manager=kube-peers-it", "--force-conflicts", "-f", "-"));
            assertEquals("green", lines.poll(60, TimeUnit.SECONDS), "the watch's event for the server-side apply");
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        JsonNode managed = Json.tree(ok(cluster.kubectl("get", "configmap", "settings", "-n", "peers-apply", "-o", "json",
                "--show-managed-fields"))
                .stdout()).path("metadata").path("managedFields");
        boolean applied = false;
        for (JsonNode entry : managed) {
            applied |= entry.path("manager").asText().equals("kube-peers-it") && entry.path("operation").asText().equals("Apply");
        }
        assertTrue(applied, "server-side apply recorded its field manager: " + managed);
    }

    @Test
    void rbacRefusesAUserWithoutRightsUntilARoleIsBound() {
        ok(cluster.kubectl("create", "namespace", "peers-rbac"));
        Path alice = cluster.kubeconfigFor("alice", "labctl:testers");
        assertEquals("alice", ok(cluster.kubectlAs(alice, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).stdout());

        Commands.Result refused = cluster.kubectlAs(alice, "get", "configmaps", "-n", "peers-rbac");
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.stderr().contains("Forbidden") && refused.stderr().contains("User \"alice\" cannot list resource \"configmaps\""),
                refused::toString);

        Await.until(Duration.ofSeconds(30), "the API server's audit log records the refusal as alice's",
                () -> cluster.auditEvents().stream().anyMatch(event ->
                        event.path("user").path("username").asText().equals("alice")
                                && event.path("verb").asText().equals("list")
                                && event.path("objectRef").path("resource").asText().equals("configmaps")
                                && event.path("responseStatus").path("code").asInt() == 403));

        ok(cluster.kubectl("create", "role", "read-configmaps", "-n", "peers-rbac", "--verb=get,list,watch", "--resource=configmaps"));
        ok(cluster.kubectl("create", "rolebinding", "testers-read", "-n", "peers-rbac", "--role=read-configmaps",
                "--group=labctl:testers"));
        Await.until(Duration.ofSeconds(30), "alice may list configmaps once her group's role is bound",
                () -> cluster.kubectlAs(alice, "get", "configmaps", "-n", "peers-rbac").exitCode() == 0);
        Commands.Result stillRefused = cluster.kubectlAs(alice, "get", "secrets", "-n", "peers-rbac");
        assertTrue(stillRefused.exitCode() != 0 && stillRefused.stderr().contains("Forbidden"), stillRefused::toString);
    }

    @Test
    void bearerTokensAuthenticateStaticAndServiceAccount() {
        Path admin = cluster.tokenKubeconfig("admin", cluster.staticToken());
        assertEquals(KubeCluster.TOKEN_USER,
                ok(cluster.kubectlAs(admin, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).stdout());
        ok(cluster.kubectlAs(admin, "get", "namespaces"));

        ok(cluster.kubectl("create", "namespace", "peers-tokens"));
        Path robot = cluster.tokenKubeconfig("robot", cluster.serviceAccountToken("peers-tokens", "robot"));
        assertEquals("system:serviceaccount:peers-tokens:robot",
                ok(cluster.kubectlAs(robot, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}")).stdout());
        Commands.Result refused = cluster.kubectlAs(robot, "get", "pods", "-n", "peers-tokens");
        assertTrue(refused.exitCode() != 0 && refused.stderr().contains("Forbidden"), refused::toString);

        Path forged = cluster.tokenKubeconfig("forged", "not-a-token-of-this-cluster");
        Commands.Result unauthorized = cluster.kubectlAs(forged, "get", "namespaces");
        assertTrue(unauthorized.exitCode() != 0 && unauthorized.stderr().contains("Unauthorized"), unauthorized::toString);
    }

    @Test
    void kwokRunsPodsAndServesTheirLogsAndExec() throws Exception {
        cluster.runPod("peers-pods", "web", Map.of("app", "web"));
        assertTrue(ok(cluster.kubectl("get", "pod", "web", "-n", "peers-pods", "-o", "jsonpath={.status.podIP}")).stdout()
                .startsWith("10.244."));

        cluster.appendPodLog("first line", "second line");
        String logs = ok(cluster.kubectl("logs", "web", "-n", "peers-pods")).stdout();
        assertTrue(logs.contains("first line\nsecond line"), logs);

        Process follow = new ProcessBuilder(cluster.kubectlCommand(cluster.kubeconfig(), "logs", "-f", "web", "-n", "peers-pods"))
                .redirectError(cluster.dir().resolve("follow.err").toFile()).start();
        try {
            BlockingQueue<String> lines = lines(follow);
            cluster.appendPodLog("written while followed");
            Await.until(Duration.ofSeconds(30), "logs -f to show a line written afterwards", () -> lines.contains("written while followed"));
        } finally {
            follow.destroy();
            follow.waitFor(10, TimeUnit.SECONDS);
        }

        Commands.Result exec = ok(cluster.kubectl("exec", "web", "-n", "peers-pods", "--", "sh", "-c", "echo hello from $(id -u)"));
        assertEquals("hello from 65534", exec.stdout().trim(), exec::toString);
        Commands.Result piped = ok(cluster.kubectlWithInput(cluster.kubeconfig(), "through stdin\n",
                "exec", "-i", "web", "-n", "peers-pods", "--", "head", "-n", "1"));
        assertEquals("through stdin\n", piped.stdout(), piped::toString);
        // unlike a kubelet, kwok v0.8 reports a command's non-zero exit as an internal error rather
        // than as its exit code, so kubectl exits 1 and not 7: tests of exit codes through exec cannot rely on it
        Commands.Result failing = cluster.kubectl("exec", "web", "-n", "peers-pods", "--", "sh", "-c", "exit 7");
        assertTrue(failing.exitCode() != 0 && failing.stderr().contains("exit status 7"), failing::toString);
    }

    @Test
    void kwokForwardsAPodsPortThroughTheApiServer() throws Exception {
        cluster.runPod("peers-forward", "api", Map.of("app", "api"));
        try (ServerSocket target = cluster.answerPortForward()) {
            int local = Ports.free();
            Process forward = new ProcessBuilder(cluster.kubectlCommand(cluster.kubeconfig(), "port-forward", "-n", "peers-forward",
                    "pod/api", local + ":8080")).redirectError(cluster.dir().resolve("port-forward.err").toFile()).start();
            try {
                BlockingQueue<String> lines = lines(forward);
                Await.until(Duration.ofSeconds(30), "kubectl port-forward listening",
                        () -> lines.stream().anyMatch(l -> l.contains("Forwarding from 127.0.0.1:" + local)));
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), local)) {
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                    String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
                    assertEquals("you said hello", answer);
                }
            } finally {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withTheControllersADeploymentRunsItsPodsAndANamespaceIsDeleted() {
        cluster.startKwok();
        cluster.startControllers();
        ok(cluster.kubectl("create", "namespace", "peers-deploy"));
        ok(cluster.kubectlWithInput(cluster.kubeconfig(), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: shop
                  namespace: peers-deploy
                spec:
                  replicas: 2
                  selector:
                    matchLabels:
                      app: shop
                  template:
                    metadata:
                      labels:
                        app: shop
                    spec:
                      containers:
                      - name: shop
                        image: registry.invalid/shop:1
                """, "apply", "-f", "-"));
        ok(cluster.kubectl("rollout", "status", "deployment/shop", "-n", "peers-deploy", "--timeout=90s"));
        Commands.Result pods = ok(cluster.kubectl("get", "pods", "-n", "peers-deploy", "-l", "app=shop", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase}{\"\\n\"}{end}"));
        assertEquals(List.of(KubeCluster.KWOK_NODE + " Running", KubeCluster.KWOK_NODE + " Running"), pods.stdout().lines().toList(),
                pods::toString);

        ok(cluster.kubectl("delete", "namespace", "peers-deploy", "--wait=false"));
        Await.until(Duration.ofSeconds(90), "namespace peers-deploy deleted with its pods",
                () -> cluster.kubectl("get", "namespace", "peers-deploy").stderr().contains("NotFound"));
    }

    /** The lines {@code process} prints, as they come. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process was stopped
            }
        }, "kubectl-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Test
    void theRefusalWithoutPeersSaysHowToBuildThem() {
        String configured = System.getProperty("labctl.kube.bin");
        try {
            System.setProperty("labctl.kube.bin", cluster.dir().resolve("no-peers-here").toString());
            IllegalStateException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, KubeCluster::binaries);
            assertTrue(missing.getMessage().contains(".ci/peers/kube.sh"), missing.getMessage());
        } finally {
            System.setProperty("labctl.kube.bin", configured);
        }
        assertTrue(List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok").stream()
                .allMatch(p -> Files.isExecutable(KubeCluster.binaries().resolve(p))));
    }
}
