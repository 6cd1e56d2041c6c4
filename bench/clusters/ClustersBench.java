import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.labctl.tests.harness.Commands;
import org.labctl.tests.harness.KubeCluster;
import org.labctl.tests.harness.Ports;
import org.labctl.tests.harness.Tls;

/**
 * The kubectl proxy of labd against the API server itself and `kubectl proxy`, in one run (bench/clusters/clusters.sh
 * starts labd and runs this on the tests' classpath). Three ways to one kube-apiserver (etcd and kube-apiserver of the
 * tests' peers, on loopback):
 *   direct  the API server with the admin's client certificate
 *   labd    labd's /k8s/NAME with labd's admin certificate (labd authorizes, audits, impersonates and forwards)
 *   proxy   `kubectl proxy` on loopback (plain HTTP, no authorization of its own)
 * Measured: `kubectl get pods -A` of POD_COUNT pods (wall time of the real kubectl, each way in turn), the list's raw
 * throughput (GET /api/v1/pods as JSON, read whole), and a watch's event latency (one watch per way on the same
 * ConfigMaps; each created directly; the time from sending the create to each watch's ADDED event).
 *
 * usage: java -cp CLASSPATH ClustersBench.java LABCTL ADMIN_CONFIG [PODS] [ROUNDS] [EVENTS]
 */
public class ClustersBench {

    public static void main(String[] args) throws Exception {
        Path labctl = Path.of(args[0]);
        Path adminConfig = Path.of(args[1]);
        int pods = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        int events = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        try (KubeCluster kube = KubeCluster.start()) {
            Path dir = kube.dir();
            Tls.Config admin = Tls.Config.read(adminConfig);
            KubeCluster.Credentials direct = kube.clientCertificate("bench-admin", "system:masters");
            SSLContext directTls = Tls.context(Tls.certificate(kube.caPem()), Tls.certificate(direct.certificatePem()),
                    Tls.privateKey(direct.keyPem()));
            HttpClient directClient = HttpClient.newBuilder().sslContext(directTls).version(HttpClient.Version.HTTP_1_1).build();
            HttpClient labdClient = HttpClient.newBuilder().sslContext(Tls.context(admin)).version(HttpClient.Version.HTTP_1_1).build();
            HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            run(dir, labctl.toString(), "--config", adminConfig.toString(), "clusters", "add", "bench", "--kubeconfig",
                    kube.kubeconfig().toString());
            Path labdKubeconfig = dir.resolve("labd.kubeconfig");
            run(dir, labctl.toString(), "--config", adminConfig.toString(), "clusters", "kubeconfig", "bench", "--file",
                    labdKubeconfig.toString());
            int proxyPort = Ports.free();
            Process proxy = new ProcessBuilder(kube.kubectlCommand(kube.kubeconfig(), "proxy", "--address=127.0.0.1",
                    "--port=" + proxyPort)).redirectErrorStream(true).redirectOutput(dir.resolve("kubectl-proxy.log").toFile()).start();
            Path proxyKubeconfig = dir.resolve("proxy.kubeconfig");
            Files.writeString(proxyKubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: proxy
                      cluster:
                        server: http://127.0.0.1:%d
                    contexts:
                    - name: proxy
                      context:
                        cluster: proxy
                    current-context: proxy
                    """.formatted(proxyPort));
            try {
                String server = kube.server();
                String labd = admin.server() + "/k8s/bench";
                String viaProxy = "http://127.0.0.1:" + proxyPort;
                await(plain, viaProxy + "/version");

                // labd impersonates its user admin: the cluster's RBAC lets admin do what the direct way may
                run(dir, kube.kubectlCommand(kube.kubeconfig(), "create", "clusterrolebinding", "labd-admin",
                        "--clusterrole=cluster-admin", "--user=admin").toArray(String[]::new));
                // POD_COUNT pods (Pending: no node runs them, the list is the same)
                run(dir, kube.kubectlCommand(kube.kubeconfig(), "create", "namespace", "bench").toArray(String[]::new));
                ExecutorService creators = Executors.newFixedThreadPool(8);
                List<java.util.concurrent.Future<Integer>> created = new ArrayList<>();
                for (int i = 0; i < pods; i++) {
                    String pod = """
                            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-%d","namespace":"bench","labels":{"app":"bench"}},
                             "spec":{"containers":[{"name":"app","image":"registry.invalid/app:1","ports":[{"containerPort":8080}],
                             "env":[{"name":"INDEX","value":"%d"}]}]}}""".formatted(i, i);
                    created.add(creators.submit(() -> directClient.send(HttpRequest.newBuilder(URI.create(server
                            + "/api/v1/namespaces/bench/pods")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(pod)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
                }
                for (var f : created) {
                    if (f.get() != 201) {
                        throw new IllegalStateException("a pod was not created: " + f.get());
                    }
                }
                creators.shutdown();

                Map<String, Path> kubeconfigs = new java.util.LinkedHashMap<>();
                kubeconfigs.put("direct", kube.kubeconfig());
                kubeconfigs.put("labd", labdKubeconfig);
                kubeconfigs.put("proxy", proxyKubeconfig);
                Map<String, List<Double>> kubectlTimes = new java.util.LinkedHashMap<>();
                Map<String, List<Double>> listTimes = new java.util.LinkedHashMap<>();
                Map<String, List<Double>> versionTimes = new java.util.LinkedHashMap<>();
                Map<String, String> lists = Map.of("direct", server, "labd", labd, "proxy", viaProxy);
                Map<String, HttpClient> clients = Map.of("direct", directClient, "labd", labdClient, "proxy", plain);
                long listBytes = 0;
                for (int round = 0; round < rounds + 1; round++) { // the first round warms up and is not counted
                    for (String way : kubeconfigs.keySet()) {
                        long started = System.nanoTime();
                        Commands.Result listed = Commands.run(dir, kube.kubectlEnvironment(), 120,
                                kube.kubectlCommand(kubeconfigs.get(way), "get", "pods", "-A", "--no-headers"));
                        double seconds = (System.nanoTime() - started) / 1e9;
                        long lines = listed.stdout().lines().count();
                        if (listed.exitCode() != 0 || lines != pods) {
                            throw new IllegalStateException(way + ": kubectl get pods listed " + lines + ": " + listed);
                        }
                        started = System.nanoTime();
                        HttpResponse<InputStream> raw = clients.get(way).send(HttpRequest.newBuilder(URI.create(lists.get(way)
                                + "/api/v1/pods")).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofInputStream());
                        long bytes;
                        try (InputStream in = raw.body()) {
                            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
                        }
                        double listSeconds = (System.nanoTime() - started) / 1e9;
                        if (raw.statusCode() != 200) {
                            throw new IllegalStateException(way + ": GET /api/v1/pods answered " + raw.statusCode());
                        }
                        listBytes = bytes;
                        started = System.nanoTime();
                        HttpResponse<byte[]> small = clients.get(way).send(HttpRequest.newBuilder(URI.create(lists.get(way)
                                + "/version")).build(), HttpResponse.BodyHandlers.ofByteArray());
                        double smallSeconds = (System.nanoTime() - started) / 1e9;
                        if (small.statusCode() != 200) {
                            throw new IllegalStateException(way + ": GET /version answered " + small.statusCode());
                        }
                        if (round > 0) {
                            versionTimes.computeIfAbsent(way, k -> new ArrayList<>()).add(smallSeconds * 1000);
                            kubectlTimes.computeIfAbsent(way, k -> new ArrayList<>()).add(seconds);
                            listTimes.computeIfAbsent(way, k -> new ArrayList<>()).add(listSeconds);
                        }
                    }
                }

                // watch latency: one watch each way, the same events
                Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();
                List<Thread> watchers = new ArrayList<>();
                List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
                String resourceVersion = resourceVersion(directClient, server);
                for (String way : List.of("direct", "labd", "proxy")) {
                    Map<String, Long> arrivals = new ConcurrentHashMap<>();
                    seen.put(way, arrivals);
                    HttpResponse<InputStream> watch = clients.get(way).send(HttpRequest.newBuilder(URI.create(lists.get(way)
                            + "/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=" + resourceVersion)).build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (watch.statusCode() != 200) {
                        throw new IllegalStateException(way + ": the watch answered " + watch.statusCode());
                    }
                    streams.add(watch.body());
                    Thread reader = new Thread(() -> {
                        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                long now = System.nanoTime();
                                int at = line.indexOf("\"name\":\"event-");
                                if (line.startsWith("{\"type\":\"ADDED\"") && at > 0) {
                                    String name = line.substring(at + 8, line.indexOf('"', at + 8));
                                    arrivals.putIfAbsent(name, now);
                                }
                            }
                        } catch (java.io.IOException closed) {
                            // the run is over
                        }
                    }, "watch-" + way);
                    reader.setDaemon(true);
                    reader.start();
                    watchers.add(reader);
                }
                Map<String, Long> sent = new java.util.LinkedHashMap<>();
                for (int i = 0; i < events + 5; i++) {
                    String name = "event-" + i;
                    long before = System.nanoTime();
                    HttpResponse<Void> answer = directClient.send(HttpRequest.newBuilder(URI.create(server
                            + "/api/v1/namespaces/bench/configmaps")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                                    + name + "\"},\"data\":{\"a\":\"b\"}}")).build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() != 201) {
                        throw new IllegalStateException("configmap " + name + " answered " + answer.statusCode());
                    }
                    if (i >= 5) { // the first five warm the watches up
                        sent.put(name, before);
                    }
                    Thread.sleep(40);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && seen.values().stream().anyMatch(a -> !a.keySet().containsAll(sent.keySet()))) {
                    Thread.sleep(50);
                }
                Map<String, List<Double>> latencies = new java.util.LinkedHashMap<>();
                for (String way : seen.keySet()) {
                    List<Double> ms = new ArrayList<>();
                    sent.forEach((name, at) -> {
                        Long arrived = seen.get(way).get(name);
                        if (arrived == null) {
                            throw new IllegalStateException(way + "'s watch never saw " + name);
                        }
                        ms.add((arrived - at) / 1e6);
                    });
                    latencies.put(way, ms);
                }

                System.out.printf("%d pods (the list: %d bytes as JSON); %d rounds, the three ways in turn; %d watch events%n",
                        pods, listBytes, rounds, events);
                System.out.println();
                System.out.println("kubectl get pods -A (wall seconds, median [p10 p90])");
                report(kubectlTimes, "s", 3);
                System.out.println();
                System.out.println("GET /api/v1/pods read whole (seconds, median [p10 p90]; MB/s of the median)");
                report(listTimes, "s", 4);
                for (String way : listTimes.keySet()) {
                    System.out.printf("  %-7s %8.1f MB/s%n", way, listBytes / 1e6 / median(listTimes.get(way)));
                }
                System.out.println();
                System.out.println("GET /version, a small answer: one request's own cost (milliseconds, median [p10 p90])");
                report(versionTimes, "ms", 2);
                System.out.println();
                System.out.println("watch: create sent -> ADDED event read (milliseconds, median [p10 p90])");
                report(latencies, "ms", 2);
                System.out.println();
                System.out.println("ratios (labd over direct, and over kubectl proxy; goal: latency <= 1.2, throughput >= 0.8)");
                ratio("kubectl get pods time", kubectlTimes);
                ratio("list time", listTimes);
                System.out.printf("  %-22s labd/direct %.2f   labd/proxy %.2f%n", "list throughput",
                        median(listTimes.get("direct")) / median(listTimes.get("labd")),
                        median(listTimes.get("proxy")) / median(listTimes.get("labd")));
                ratio("watch event latency", latencies);
                for (InputStream stream : streams) {
                    stream.close();
                }
            } finally {
                proxy.destroy();
                proxy.waitFor(10, TimeUnit.SECONDS);
                Commands.run(dir, Map.of(), 60, List.of(labctl.toString(), "--config", adminConfig.toString(), "clusters", "remove", "bench"));
            }
        }
    }

    private static String resourceVersion(HttpClient client, String server) throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create(server + "/api/v1/namespaces/bench/configmaps?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = body.indexOf("\"resourceVersion\":\"");
        return body.substring(at + 19, body.indexOf('"', at + 19));
    }

    private static void await(HttpClient client, String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            Thread.sleep(100);
        }
    }

    private static String run(Path dir, String... command) {
        Commands.Result result = Commands.run(dir, Map.of(), 120, List.of(command));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + result);
        }
        return result.stdout();
    }

    private static double median(List<Double> values) {
        return percentile(values, 50);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.round(p / 100.0 * (sorted.size() - 1))));
    }

    private static void report(Map<String, List<Double>> series, String unit, int decimals) {
        String number = "%." + decimals + "f";
        series.forEach((way, values) -> System.out.printf("  %-7s " + number + " %s  [" + number + " " + number + "]%n", way,
                median(values), unit, percentile(values, 10), percentile(values, 90)));
    }

    private static void ratio(String what, Map<String, List<Double>> series) {
        System.out.printf("  %-22s labd/direct %.2f   labd/proxy %.2f%n", what, median(series.get("labd")) / median(series.get("direct")),
                median(series.get("labd")) / median(series.get("proxy")));
    }
}
