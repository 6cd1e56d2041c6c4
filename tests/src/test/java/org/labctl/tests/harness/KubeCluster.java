package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real Kubernetes control plane on loopback: etcd and kube-apiserver as processes, built from
 * the Kubernetes release that tests/pom.xml names by {@code .ci/peers/kube.sh}, driven with the
 * real kubectl of the same release. Its PKI is made here: a cluster CA, the API server's serving
 * certificate (127.0.0.1, localhost), a service-account signing key, an admin client certificate
 * ({@code O=system:masters}) and, on demand, client certificates for any user and groups.
 * The API server writes its audit log ({@link #auditLog()}).
 * Authorization is RBAC only; a static token file holds one admin token and service-account tokens
 * come from the TokenRequest API ({@code kubectl create token}). etcd listens on plain http on
 * 127.0.0.1 (only the API server talks to it; the tests are about the API server's edge).
 * <p>
 * Until {@link #startControllers()} runs kube-controller-manager and kube-scheduler, nothing turns a
 * Deployment into pods, places a pod that names no {@code spec.nodeName} or finishes deleting a
 * namespace; the ServiceAccount admission plugin is off either way (pods get no token volume, and
 * need no default ServiceAccount to exist). {@link #startKwok()}
 * runs kwok as a simulated node that makes such pods Running and serves their logs, exec, attach
 * and port-forward to the API server as a kubelet would.
 * <p>
 * One cluster per test class: it starts in a few seconds ({@link #startupTime()}).
 */
public final class KubeCluster implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The user of {@link #staticToken()}; in {@code system:masters}. */
    public static final String TOKEN_USER = "token-admin";
    public static final String KWOK_NODE = "kwok-node-0";

    private final Path dir;
    private final Path bin;
    private final int apiPort = Ports.free();
    private final int etcdPort = Ports.free();
    private final int etcdPeerPort = Ports.free();
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final String staticToken = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private final List<Process> processes = new ArrayList<>();
    private Duration startupTime;
    private Process kwok;
    private boolean controllers;
    private final int portForwardTarget = Ports.free();

    private KubeCluster(Path dir, Path bin) throws Exception {
        this.dir = dir;
        this.bin = bin;
        this.caKeys = TestPki.keyPair();
        Instant now = Instant.now();
        var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "labctl-test-kubernetes-ca").build();
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                java.util.Date.from(now.minusSeconds(300)), java.util.Date.from(now.plus(Duration.ofDays(2))), subject,
                caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    /**
     * The directory of the built peers ({@code labctl.kube.bin}, which tests/pom.xml sets); fails,
     * never skips, when they are not built.
     */
    public static Path binaries() {
        String configured = System.getProperty("labctl.kube.bin");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("labctl.kube.bin is not set: run the tests through Maven (tests/pom.xml sets it)");
        }
        Path bin = Path.of(configured);
        for (String program : List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok")) {
            if (!Files.isExecutable(bin.resolve(program))) {
                throw new IllegalStateException("the Kubernetes test peers are not built: no " + bin.resolve(program)
                        + "; run .ci/peers/kube.sh (13 to 25 minutes the first time, then cached)");
            }
        }
        return bin;
    }

    /** Starts etcd and kube-apiserver with their data in a scratch directory, and waits until /readyz answers ok. */
    public static KubeCluster start() {
        try {
            Path bin = binaries();
            KubeCluster cluster = new KubeCluster(Repo.scratch("kube"), bin);
            cluster.launch();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void launch() throws Exception {
        long started = System.nanoTime();
        Path pki = Files.createDirectories(dir.resolve("pki"));
        write(pki.resolve("ca.crt"), TestPki.pem(ca));
        KeyPair serving = TestPki.keyPair();
        write(pki.resolve("apiserver.crt"), TestPki.pem(sign(serving, "kube-apiserver", List.of(), true)));
        write(pki.resolve("apiserver.key"), TestPki.pem(serving.getPrivate()));
        KeyPair serviceAccounts = TestPki.keyPair();
        write(pki.resolve("sa.key"), TestPki.pem(serviceAccounts.getPrivate()));
        write(pki.resolve("sa.pub"), TestPki.pem(serviceAccounts.getPublic()));
        // the API server's client certificate towards the kubelet (kwok's server)
        Credentials kubeletClient = clientCertificate("kube-apiserver-kubelet-client", "system:masters");
        write(pki.resolve("kubelet-client.crt"), kubeletClient.certificatePem());
        write(pki.resolve("kubelet-client.key"), kubeletClient.keyPem());
        write(pki.resolve("tokens.csv"), staticToken + "," + TOKEN_USER + ",token-admin-uid,\"system:masters\"\n");
        writeKubeconfig(kubeconfig(), clientCertificate("kube-admin", "system:masters"), null);
        write(dir.resolve("audit-policy.yaml"), """
                apiVersion: audit.k8s.io/v1
                kind: Policy
                omitStages: [RequestReceived]
                rules:
                - level: Metadata
                """);

        Path etcdData = dir.resolve("etcd");
        spawn("etcd", List.of(bin.resolve("etcd").toString(),
                "--name=labctl-test",
                "--data-dir=" + etcdData,
                "--listen-client-urls=" + etcdUrl(),
                "--advertise-client-urls=" + etcdUrl(),
                "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
                "--initial-cluster=labctl-test=http://127.0.0.1:" + etcdPeerPort,
                // test data: no need to survive a power cut, and fsync is most of etcd's write latency
                "--unsafe-no-fsync",
                "--log-level=warn"));
        spawn("kube-apiserver", List.of(bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl(),
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                // a loopback address is refused as the kubernetes Service's endpoint, which nothing here uses
                "--endpoint-reconciler-type=none",
                "--secure-port=" + apiPort,
                "--tls-cert-file=" + pki.resolve("apiserver.crt"),
                "--tls-private-key-file=" + pki.resolve("apiserver.key"),
                "--client-ca-file=" + pki.resolve("ca.crt"),
                "--token-auth-file=" + pki.resolve("tokens.csv"),
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + pki.resolve("sa.pub"),
                "--service-account-signing-key-file=" + pki.resolve("sa.key"),
                "--service-cluster-ip-range=10.96.0.0/16",
                // no kube-controller-manager creates namespaces' default ServiceAccount
                "--disable-admission-plugins=ServiceAccount",
                "--kubelet-certificate-authority=" + pki.resolve("ca.crt"),
                "--kubelet-client-certificate=" + pki.resolve("kubelet-client.crt"),
                "--kubelet-client-key=" + pki.resolve("kubelet-client.key"),
                "--kubelet-preferred-address-types=InternalIP",
                "--audit-policy-file=" + dir.resolve("audit-policy.yaml"),
                "--audit-log-path=" + auditLog(),
                "--profiling=false",
                "--v=1"));
        HttpClient client = HttpClient.newBuilder()
                .sslContext(Tls.context(ca, Tls.certificate(read(pki.resolve("kubelet-client.crt"))),
                        Tls.privateKey(read(pki.resolve("kubelet-client.key")))))
                .connectTimeout(Duration.ofSeconds(2)).build();
        // a peer that exited ends the wait at once (Await retries what a probe throws)
        Optional<Process> exited = Await.until(START_TIMEOUT, "kube-apiserver ready on " + server() + " (logs in " + dir + ")", () -> {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    return Optional.of(p);
                }
            }
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(server() + "/readyz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return ready.statusCode() == 200 ? Optional.<Process>empty() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        if (exited.isPresent()) {
            String which = processes.indexOf(exited.get()) == 0 ? "etcd" : "kube-apiserver";
            int code = exited.get().exitValue();
            stop();
            throw new AssertionError(which + " exited with " + code + "; logs in " + dir + ":\n"
                    + tail("etcd.log") + "\n" + tail("kube-apiserver.log"));
        }
        startupTime = Duration.ofNanos(System.nanoTime() - started);
    }

    private void spawn(String name, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        processes.add(builder.start());
    }

    /** The API server's URL, {@code https://127.0.0.1:PORT}. */
    public String server() {
        return "https://127.0.0.1:" + apiPort;
    }

    public String etcdUrl() {
        return "http://127.0.0.1:" + etcdPort;
    }

    /** The cluster CA, which signed the API server's certificate and the client certificates. */
    public String caPem() {
        try {
            return TestPki.pem(ca);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The admin's kubeconfig: a client certificate in {@code system:masters}. */
    public Path kubeconfig() {
        return dir.resolve("admin.kubeconfig");
    }

    public Path dir() {
        return dir;
    }

    /**
     * The API server's own audit log: one JSON event per request at the Metadata level (user,
     * impersonated user, verb, object, response code), as a cluster's operators would see it.
     */
    public Path auditLog() {
        return dir.resolve("audit.log");
    }

    /** The events of {@link #auditLog()} so far. */
    public List<com.fasterxml.jackson.databind.JsonNode> auditEvents() {
        return read(auditLog()).lines().map(Json::tree).toList();
    }

    /** From the start of {@link #start()} until /readyz answered ok. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A PEM client certificate and its PKCS#8 key. */
    public record Credentials(String certificatePem, String keyPem) {
    }

    /** A client certificate of the cluster CA for {@code user} (CN) in {@code groups} (O). */
    public Credentials clientCertificate(String user, String... groups) {
        try {
            KeyPair keys = TestPki.keyPair();
            return new Credentials(TestPki.pem(sign(keys, user, List.of(groups), false)), TestPki.pem(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A kubeconfig that is {@code user} in {@code groups} by a client certificate minted for it. */
    public Path kubeconfigFor(String user, String... groups) {
        Path file = dir.resolve("user-" + user.replaceAll("[^A-Za-z0-9_.-]", "_") + ".kubeconfig");
        writeKubeconfig(file, clientCertificate(user, groups), null);
        return file;
    }

    /** A kubeconfig with {@code token} as its bearer token. */
    public Path tokenKubeconfig(String name, String token) {
        Path file = dir.resolve("token-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".kubeconfig");
        writeKubeconfig(file, null, token);
        return file;
    }

    /** The bearer token of {@link #TOKEN_USER} from the API server's static token file. */
    public String staticToken() {
        return staticToken;
    }

    /**
     * A token of ServiceAccount {@code namespace/name} from the TokenRequest API (the account is made
     * if missing); it has the rights that RBAC gives {@code system:serviceaccount:NAMESPACE:NAME}.
     */
    public String serviceAccountToken(String namespace, String name) {
        Commands.Result account = kubectl("create", "serviceaccount", name, "-n", namespace);
        if (account.exitCode() != 0 && !account.stderr().contains("AlreadyExists")) {
            throw new AssertionError("cannot create ServiceAccount " + namespace + "/" + name + ": " + account);
        }
        Commands.Result token = kubectl("create", "token", name, "-n", namespace, "--duration=1h");
        if (token.exitCode() != 0) {
            throw new AssertionError("cannot get a token of " + namespace + "/" + name + ": " + token);
        }
        return token.stdout().trim();
    }

    /** The real kubectl as the admin. */
    public Commands.Result kubectl(String... args) {
        return kubectlAs(kubeconfig(), args);
    }

    /** The real kubectl with {@code kubeconfig}. */
    public Commands.Result kubectlAs(Path kubeconfig, String... args) {
        return Commands.run(dir, kubectlEnvironment(), 120, kubectlCommand(kubeconfig, args));
    }

    /** The real kubectl with {@code kubeconfig} and {@code stdin} as its standard input ({@code apply -f -}). */
    public Commands.Result kubectlWithInput(Path kubeconfig, String stdin, String... args) {
        try {
            Path input = Files.createTempFile(dir, "stdin-", ".txt");
            try {
                Files.writeString(input, stdin, StandardCharsets.UTF_8);
                return Commands.run(dir, kubectlEnvironment(), 120, kubectlCommand(kubeconfig, args), input);
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line of kubectl with {@code kubeconfig}, for a test that runs it itself (a watch, {@code -f}). */
    public List<String> kubectlCommand(Path kubeconfig, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("kubectl").toString(), "--kubeconfig=" + kubeconfig));
        command.addAll(List.of(args));
        return command;
    }

    /** kubectl's discovery cache inside the cluster's directory, not in the user's home. */
    public Map<String, String> kubectlEnvironment() {
        return Map.of("KUBECACHEDIR", dir.resolve("kubectl-cache").toString());
    }

    /**
     * Starts kwok as node {@link #KWOK_NODE} (a Node it marks Ready, whose pods it makes Running)
     * with its kubelet-like server on loopback: the API server reaches it for {@code logs}
     * (the file {@link #kwokLogFile()}, followed), {@code exec} (commands run on this machine as
     * nobody, in /tmp), {@code attach} (the same file) and {@code port-forward} (to
     * {@link #portForwardTarget()}).
     */
    public void startKwok() {
        if (kwok != null) {
            return;
        }
        try {
            Path pki = dir.resolve("pki");
            int kubeletPort = Ports.free();
            KeyPair serving = TestPki.keyPair();
            write(pki.resolve("kwok.crt"), TestPki.pem(sign(serving, KWOK_NODE, List.of(), true)));
            write(pki.resolve("kwok.key"), TestPki.pem(serving.getPrivate()));
            Path stages = bin.resolveSibling("share").resolve("kwok-stages.yaml");
            if (!Files.isRegularFile(stages)) {
                throw new IllegalStateException("no " + stages + "; run .ci/peers/kube.sh");
            }
            Files.writeString(kwokLogFile(), "", StandardCharsets.UTF_8);
            write(dir.resolve("kwok-debugging.yaml"), """
                    apiVersion: kwok.x-k8s.io/v1alpha1
                    kind: ClusterLogs
                    metadata:
                      name: all-pods
                    spec:
                      logs:
                      - logsFile: %1$s
                        follow: true
                    ---
                    apiVersion: kwok.x-k8s.io/v1alpha1
                    kind: ClusterAttach
                    metadata:
                      name: all-pods
                    spec:
                      attaches:
                      - logsFile: %1$s
                    ---
                    apiVersion: kwok.x-k8s.io/v1alpha1
                    kind: ClusterExec
                    metadata:
                      name: all-pods
                    spec:
                      execs:
                      - local:
                          workDir: /tmp
                          securityContext:
                            runAsUser: 65534
                            runAsGroup: 65534
                    ---
                    apiVersion: kwok.x-k8s.io/v1alpha1
                    kind: ClusterPortForward
                    metadata:
                      name: all-pods
                    spec:
                      forwards:
                      - target:
                          address: 127.0.0.1
                          port: %2$d
                    """.formatted(kwokLogFile(), portForwardTarget));
            spawnKwok(stages, kubeletPort, pki);
            Commands.Result node = kubectlWithInput(kubeconfig(), """
                    apiVersion: v1
                    kind: Node
                    metadata:
                      name: %s
                      annotations:
                        kwok.x-k8s.io/node: fake
                      labels:
                        type: kwok
                        kubernetes.io/hostname: %1$s
                    """.formatted(KWOK_NODE), "apply", "-f", "-");
            if (node.exitCode() != 0) {
                throw new AssertionError("cannot create node " + KWOK_NODE + ": " + node);
            }
            Await.until(Duration.ofSeconds(60), "node " + KWOK_NODE + " Ready (kwok log " + dir.resolve("kwok.log") + ")", () -> {
                if (!kwok.isAlive()) {
                    throw new AssertionError("kwok exited with " + kwok.exitValue() + ":\n" + tail("kwok.log"));
                }
                Commands.Result ready = kubectl("get", "node", KWOK_NODE, "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}");
                return ready.exitCode() == 0 && ready.stdout().trim().equals("True") ? Boolean.TRUE : null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void spawnKwok(Path stages, int kubeletPort, Path pki) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("kwok").toString(),
                "--kubeconfig=" + kubeconfig(),
                "--config=" + stages,
                "--config=" + dir.resolve("kwok-debugging.yaml"),
                "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
                "--node-ip=127.0.0.1",
                "--node-port=" + kubeletPort,
                "--server-address=127.0.0.1:" + kubeletPort,
                "--tls-cert-file=" + pki.resolve("kwok.crt"),
                "--tls-private-key-file=" + pki.resolve("kwok.key"),
                "--cidr=10.244.0.0/16")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kwok.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("HOME", dir.toString());
        kwok = builder.start();
        processes.add(kwok);
    }

    /**
     * Starts kube-controller-manager (every default controller: Deployments and ReplicaSets make
     * pods, namespaces are emptied and deleted, the garbage collector, ServiceAccounts) and
     * kube-scheduler, each with a client certificate of its own bootstrap RBAC user; waits until the
     * controllers made namespace default's ServiceAccount.
     */
    public void startControllers() {
        if (controllers) {
            return;
        }
        try {
            Path pki = dir.resolve("pki");
            Path controllerManager = dir.resolve("kube-controller-manager.kubeconfig");
            writeKubeconfig(controllerManager, clientCertificate("system:kube-controller-manager"), null);
            Path scheduler = dir.resolve("kube-scheduler.kubeconfig");
            writeKubeconfig(scheduler, clientCertificate("system:kube-scheduler"), null);
            spawn("kube-controller-manager", List.of(bin.resolve("kube-controller-manager").toString(),
                    "--kubeconfig=" + controllerManager,
                    "--authentication-kubeconfig=" + controllerManager,
                    "--authorization-kubeconfig=" + controllerManager,
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + Ports.free(),
                    "--cert-dir=" + Files.createDirectories(dir.resolve("kube-controller-manager-certs")),
                    "--leader-elect=false",
                    "--use-service-account-credentials=true",
                    "--service-account-private-key-file=" + pki.resolve("sa.key"),
                    "--root-ca-file=" + pki.resolve("ca.crt"),
                    "--profiling=false",
                    "--v=1"));
            spawn("kube-scheduler", List.of(bin.resolve("kube-scheduler").toString(),
                    "--kubeconfig=" + scheduler,
                    "--authentication-kubeconfig=" + scheduler,
                    "--authorization-kubeconfig=" + scheduler,
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + Ports.free(),
                    "--cert-dir=" + Files.createDirectories(dir.resolve("kube-scheduler-certs")),
                    "--leader-elect=false",
                    "--profiling=false",
                    "--v=1"));
            controllers = true;
            Await.until(START_TIMEOUT, "kube-controller-manager making ServiceAccount default/default (logs in " + dir + ")",
                    () -> kubectl("get", "serviceaccount", "default", "-n", "default").exitCode() == 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts kwok if needed, creates {@code namespace} and a pod {@code name} in it on the kwok node (with {@code labels},
     * and port 8080), and waits until the pod is Running.
     */
    public void runPod(String namespace, String name, Map<String, String> labels) {
        startKwok();
        Commands.Result created = kubectl("create", "namespace", namespace);
        if (created.exitCode() != 0 && !created.stderr().contains("AlreadyExists")) {
            throw new AssertionError(created.toString());
        }
        StringBuilder labelLines = new StringBuilder();
        labels.forEach((key, value) -> labelLines.append("    ").append(key).append(": ").append(value).append('\n'));
        Commands.Result applied = kubectlWithInput(kubeconfig(), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  namespace: %s
                  labels:
                %s
                spec:
                  nodeName: %s
                  containers:
                  - name: %s
                    image: registry.invalid/%s:1
                    ports:
                    - containerPort: 8080
                """.formatted(name, namespace, labelLines.toString().stripTrailing(), KWOK_NODE, name, name), "apply", "-f", "-");
        if (applied.exitCode() != 0) {
            throw new AssertionError(applied.toString());
        }
        Await.until(Duration.ofSeconds(60), "pod " + name + " Running on the kwok node", () -> "Running".equals(
                kubectl("get", "pod", name, "-n", namespace, "-o", "jsonpath={.status.phase}").stdout()));
    }

    /**
     * Listens on {@link #portForwardTarget()} for one connection of a {@code kubectl port-forward}, and answers the line it
     * reads with "you said LINE". Close it when done.
     */
    public java.net.ServerSocket answerPortForward() throws IOException {
        java.net.ServerSocket target = new java.net.ServerSocket(portForwardTarget, 5, java.net.InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            try (java.net.Socket client = target.accept()) {
                String asked = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                client.getOutputStream().write(("you said " + asked + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the test fails on what its client reads
            }
        }, "port-forward-target");
        server.setDaemon(true);
        server.start();
        return target;
    }

    /**
     * Where kwok sends a {@code kubectl port-forward} to any port of any of its pods: 127.0.0.1 and
     * this port, on which the test listens itself.
     */
    public int portForwardTarget() {
        return portForwardTarget;
    }

    /**
     * What {@code kubectl logs} of any pod on the kwok node shows (and {@code -f} follows): a log in
     * the CRI format that a kubelet reads from its containers' log files ({@link #appendPodLog}).
     */
    public Path kwokLogFile() {
        return dir.resolve("kwok-pods.log");
    }

    /** Appends {@code lines} to the pods' log as a container runtime writes it ({@code TIME stdout F LINE}). */
    public void appendPodLog(String... lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(Instant.now()).append(" stdout F ").append(line).append('\n');
        }
        try {
            Files.writeString(kwokLogFile(), text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops kwok, kube-apiserver and etcd, in that order (the API server shuts down at once while
     * etcd still answers, and hangs while it does not), and deletes etcd's data; the logs stay for
     * ScratchCleanup.
     */
    public void stop() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        processes.clear();
        kwok = null;
        controllers = false;
        ScratchCleanup.deleteQuietly(dir.resolve("etcd"));
    }

    @Override
    public void close() {
        stop();
    }

    private X509Certificate sign(KeyPair keys, String commonName, List<String> organizations, boolean server) throws Exception {
        Instant now = Instant.now();
        var name = new X500NameBuilder(BCStyle.INSTANCE);
        for (String organization : organizations) {
            name.addRDN(BCStyle.O, organization);
        }
        name.addRDN(BCStyle.CN, commonName);
        var builder = new JcaX509v3CertificateBuilder(ca, new BigInteger(120, new SecureRandom()).setBit(119),
                java.util.Date.from(now.minusSeconds(300)), java.util.Date.from(now.plus(Duration.ofDays(1))), name.build(),
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, commonName),
                new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")}));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private void writeKubeconfig(Path file, Credentials certificate, String token) {
        String user = certificate != null
                ? "    client-certificate-data: " + base64(certificate.certificatePem()) + "\n"
                        + "    client-key-data: " + base64(certificate.keyPem()) + "\n"
                : "    token: " + token + "\n";
        write(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: labctl-test
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: user
                  user:
                %scontexts:
                - name: labctl-test
                  context:
                    cluster: labctl-test
                    user: user
                current-context: labctl-test
                """.formatted(server(), base64(caPem()), user));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private String tail(String log) {
        String text = read(dir.resolve(log));
        return "--- " + log + "\n" + text.substring(Math.max(0, text.length() - 4000));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            if (file.getFileName().toString().endsWith(".key") || file.getFileName().toString().endsWith(".kubeconfig")
                    || file.getFileName().toString().equals("tokens.csv")) {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
