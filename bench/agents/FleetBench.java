import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A fleet of N lab-agents against a running labd, all simulated in this one process with the real
 * protocol: each agent enrolls (POST /api/v1/enroll with one reusable join token and one shared CSR:
 * a certificate and a server of its own), then keeps its own mutual-TLS WebSocket to wss://labd/agent
 * with its own certificate (a java.net.http client and SSLContext per connection, as lab-agent
 * makes them, on one shared executor), sends lab-agent's heartbeat frame with facts on connect and every 10 s (the N agents
 * spread evenly over the interval) and reconnects with lab-agent's jittered exponential backoff
 * (1 s doubling to 60 s). Measures labd (CPU, heap, RSS) in steady state, then restarts labd and
 * measures the reconnect storm. JDK only:
 * `java FleetBench.java ROOT DATA PORT N CSR_PEM KEY_PEM TOKEN WINDOW_SECONDS`.
 */
public class FleetBench {

    static final long HEARTBEAT_MS = 10_000;
    static final long MAX_BACKOFF_MS = 60_000;
    static final long SETTLE_MS = 20_000;
    static final long BASELINE_SETTLE_MS = 10_000;
    static final long BASELINE_MS = 20_000;
    static final long HEALTH_EVERY_MS = 200;
    static final int ENROLL_CLIENTS = 8;
    static final int CONNECTS_IN_FLIGHT = 32;
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat on Linux. */
    static final double TICKS_PER_SECOND = 100;

    static ScheduledExecutorService timers;
    static ExecutorService httpExecutor;
    static TrustManager[] agentTrust;
    static URI agentUri;
    static int fleetSize;
    static long origin = System.currentTimeMillis();
    static volatile String uptime = "0";
    static String framePrefix;
    static String frameMiddle;
    static String frameSuffix;

    // what the agents saw
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicLong attempts = new AtomicLong();
    static final AtomicLong failedAttempts = new AtomicLong();
    static final AtomicLong acks = new AtomicLong();
    static final AtomicLong peakThreads = new AtomicLong();
    static final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    static final List<Long> ackLatencies = Collections.synchronizedList(new ArrayList<>());
    static volatile boolean recordLatencies;

    public static void main(String[] args) throws Exception {
        // health samples open a new connection each (as every labctl call does)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        Path root = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        fleetSize = Integer.parseInt(args[3]);
        String csr = Files.readString(Path.of(args[4]));
        PrivateKey agentKey = privateKey(Files.readString(Path.of(args[5])));
        String token = args[6];
        long windowMs = Long.parseLong(args[7]) * 1000;
        URI server = URI.create("https://127.0.0.1:" + port);
        agentUri = URI.create("wss://127.0.0.1:" + port + "/agent");

        Map<String, String> config = adminConfig(data.resolve("admin.labctl.yaml"));
        X509Certificate ca = certificate(config.get("ca"));
        TrustManager[] trust = trustOnly(ca);
        SSLContext adminTls = tls(new Keys(certificate(config.get("cert")), ca, privateKey(config.get("key"))), trust);
        HttpClient admin = HttpClient.newBuilder().sslContext(adminTls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        SSLContext anonymous = tls(null, trust);
        HttpClient enrollHttp = HttpClient.newBuilder().sslContext(anonymous).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        timers = Executors.newScheduledThreadPool(2, daemon("fleet-timer"));
        httpExecutor = Executors.newCachedThreadPool(daemon("fleet-http"));
        agentTrust = trust;

        // the frame lab-agent sends, with this machine's facts and the local agent's version
        String version = servers(admin, server).stream().filter(s -> !str(s, "name").startsWith("fleet-"))
                .map(s -> str(s, "agentVersion")).filter(v -> v != null && !v.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the local lab-agent of ./lab up has not reported its version"));
        buildFrame(version);
        timers.scheduleAtFixedRate(FleetBench::readUptime, 0, 1, TimeUnit.SECONDS);
        long me = ProcessHandle.current().pid();
        timers.scheduleAtFixedRate(() -> {
            try {
                peakThreads.accumulateAndGet(status(me, "Threads"), Math::max);
            } catch (IOException e) {
                // next second
            }
        }, 0, 1, TimeUnit.SECONDS);

        // 0. labd with only the local lab-agent, for comparison
        Thread.sleep(BASELINE_SETTLE_MS);
        long idlePid = labdPid(data);
        long idleBefore = ticks(idlePid);
        long t0 = System.nanoTime();
        Thread.sleep(BASELINE_MS);
        double idleCpu = cpu(ticks(idlePid) - idleBefore, seconds(t0));
        Heap idleHeap = heap(idlePid);

        // 1. enrollment: a certificate and a server per agent
        String prefix = "fleet-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        long t = System.nanoTime();
        ExecutorService enrollers = Executors.newFixedThreadPool(ENROLL_CLIENTS);
        List<Future<Agent>> enrolled = new ArrayList<>();
        for (int i = 0; i < fleetSize; i++) {
            int index = i;
            enrolled.add(enrollers.submit(() -> {
                String name = prefix + String.format("%04d", index);
                Map<String, Object> e = enroll(enrollHttp, server, token, csr, name);
                return new Agent(index, name, new Keys(certificate(str(e, "certificate")), ca, agentKey));
            }));
        }
        List<Agent> agents = new ArrayList<>();
        for (Future<Agent> f : enrolled) {
            agents.add(f.get());
        }
        enrollers.shutdown();
        double enrollSeconds = seconds(t);

        // 2. connect, bounded in flight, until every agent's first heartbeat is acknowledged and labd lists all Ready
        t = System.nanoTime();
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (Agent agent : agents) {
            inFlight.acquire();
            agent.firstAttempt = inFlight::release;
            agent.connect();
        }
        awaitAcked(agents, t, Duration.ofMinutes(5), "the first heartbeat of every agent acknowledged");
        double ackedSeconds = seconds(t);
        awaitReady(admin, server, null, Duration.ofMinutes(2));
        double readySeconds = seconds(t);
        if (open.get() != fleetSize) {
            throw new IllegalStateException("only " + open.get() + " of " + fleetSize + " agents connected");
        }

        // 3. steady state: settle, then one window
        Thread.sleep(SETTLE_MS);
        long labd = labdPid(data);
        long self = ProcessHandle.current().pid();
        long pg = postgresPid(data);
        long attemptsBeforeWindow = attempts.get();
        long acksBefore = acks.get();
        Map<Long, Long> pgBefore = treeTicks(pg);
        long labdBefore = ticks(labd);
        long selfBefore = ticks(self);
        recordLatencies = true;
        t = System.nanoTime();
        Thread.sleep(windowMs);
        double window = seconds(t);
        long labdTicks = ticks(labd) - labdBefore;
        long selfTicks = ticks(self) - selfBefore;
        long pgTicks = delta(pgBefore, treeTicks(pg));
        recordLatencies = false;
        long windowAcks = acks.get() - acksBefore;
        long reconnectsInWindow = attempts.get() - attemptsBeforeWindow;
        Heap heap = heap(labd);
        long rss = status(labd, "VmRSS");
        long threads = status(labd, "Threads");
        long fds = fds(labd);
        long selfRss = status(self, "VmRSS");
        long selfThreads = status(self, "Threads");
        List<Long> latencies;
        synchronized (ackLatencies) {
            latencies = new ArrayList<>(ackLatencies);
        }
        int readyAtEnd = awaitReady(admin, server, null, Duration.ofSeconds(5));
        run("jcmd", Long.toString(labd), "GC.run");
        Heap live = heap(labd);

        // 4. reconnect storm: labd stopped (SIGTERM, as ./lab down does) and started again with ./lab up;
        //    the local lab-agent keeps running and reconnects by itself like the simulated ones
        closes.clear();
        failures.clear();
        peakThreads.set(0);
        long attemptsBefore = attempts.get();
        long failedBefore = failedAttempts.get();
        t = System.nanoTime();
        ProcessHandle labdProcess = ProcessHandle.of(labd).orElseThrow();
        labdProcess.destroy();
        try {
            labdProcess.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            labdProcess.destroyForcibly();
            labdProcess.onExit().get(30, TimeUnit.SECONDS);
        }
        double downSeconds = seconds(t);
        String unpacked = Files.readString(data.resolve("labd/.lab-build"));
        Instant down = Instant.now();
        long upStarted = System.nanoTime();
        Process up = new ProcessBuilder(root.resolve("lab").toString(), "up", "--data", data.toString(), "--port",
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(data.resolve("fleet-lab-up.log").toFile()).start();
        HealthSampler health = new HealthSampler(admin, server);
        Thread sampler = new Thread(health, "fleet-health");
        sampler.setDaemon(true);
        sampler.start();
        long back = health.awaitBack(Duration.ofMinutes(3));
        double startSeconds = (back - upStarted) / 1e9;
        long newLabd = labdPid(data);
        long stormBefore = ticks(newLabd);
        int ready = awaitReady(admin, server, down, Duration.ofMinutes(5));
        long allReady = System.nanoTime();
        long stormTicks = ticks(newLabd) - stormBefore;
        health.stop = true;
        sampler.join();
        long waitAcks = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agents.stream().anyMatch(a -> a.firstAckAt < upStarted) && System.nanoTime() < waitAcks) {
            Thread.sleep(100);
        }
        boolean allAcked = agents.stream().allMatch(a -> a.firstAckAt > upStarted);
        double clientView = (lastReconnectAck(agents) - back) / 1e9;
        up.waitFor(3, TimeUnit.MINUTES);
        boolean rebuilt = !unpacked.equals(Files.readString(data.resolve("labd/.lab-build")));
        List<Long> healthLatencies = health.latenciesBetween(back, allReady);

        // the table
        System.out.printf("%-64s %s%n", "measure", "value");
        row("labd idle, only the local lab-agent: CPU / heap used", "%.1f %% / %d MB", idleCpu, idleHeap.usedKb() / 1024);
        row("enroll %d agents (%d clients)", "%.1f s (%.0f/s)", fleetSize, ENROLL_CLIENTS, enrollSeconds, fleetSize / enrollSeconds);
        row("connect %d agents (%d handshakes in flight): all acked", "%.1f s", fleetSize, CONNECTS_IN_FLIGHT, ackedSeconds);
        row("  ... and all Ready in GET /api/v1/servers", "%.1f s", readySeconds);
        System.out.printf("steady state: %d agents + the local lab-agent, heartbeat every %d s, %.0f s window%n",
                fleetSize, HEARTBEAT_MS / 1000, window);
        row("labd CPU (100%% = one core; goal under 10%%)", "%.1f %%", cpu(labdTicks, window));
        row("labd heap used at the end of the window (goal under 512 MB)", "%s", heap.describe());
        row("labd heap live after a full GC (jcmd GC.run)", "%s", live.describe());
        row("labd RSS / threads / open files", "%d MB / %d / %d", rss / 1024, threads, fds);
        row("embedded PostgreSQL CPU (all its processes)", "%.1f %%", cpu(pgTicks, window));
        row("load process CPU (this JVM, %d agents) / RSS", "%.1f %% / %d MB", fleetSize, cpu(selfTicks, window), selfRss / 1024);
        row("heartbeats acknowledged", "%.1f/s (expected %.1f/s)", windowAcks / window, fleetSize * 1000.0 / HEARTBEAT_MS);
        row("heartbeat -> ack latency p50 / p99 / max", "%s", percentiles(latencies));
        row("reconnects during the window / Ready at its end", "%d / %d of %d", reconnectsInWindow, readyAtEnd, fleetSize + 1);
        System.out.println("reconnect storm: labd stopped (SIGTERM) and started again (./lab up, same data)"
                + (rebuilt ? "\n  NOTE: assembly/target changed during the run: ./lab up unpacked and started the newer build" : ""));
        row("labd stop (SIGTERM until the process exited)", "%.1f s", downSeconds);
        row("labd start until GET /api/v1/health is 200 (\"back\")", "%.1f s", startSeconds);
        row("back -> all %d Ready again (REST, heartbeat after the restart)", "%s", fleetSize + 1,
                ready == fleetSize + 1 ? String.format("%.1f s", (allReady - back) / 1e9) : "not reached: " + ready + " Ready after 5 min");
        row("back -> all %d simulated agents acked again (agents' view)", "%s", fleetSize,
                allAcked ? String.format("%.1f s", clientView) : "not reached");
        row("  ... each agent back -> acked again: p50 / p90 / max", "%s", percentiles(agents.stream()
                .filter(a -> a.firstAckAt > upStarted).map(a -> Math.max(0, a.firstAckAt - back)).toList(), 0.9, 1e9, "s"));
        row("labd CPU from back until all Ready", "%.0f %%", cpu(stormTicks, (allReady - back) / 1e9));
        row("GET /api/v1/health meanwhile, new connection every %d ms", "%s", HEALTH_EVERY_MS,
                percentiles(healthLatencies) + " (" + healthLatencies.size() + " samples, " + health.failuresBetween(back, allReady) + " failed)");
        row("connection attempts by the agents (failed)", "%d (%d)", attempts.get() - attemptsBefore, failedAttempts.get() - failedBefore);
        row("how the agents' sockets ended at the restart", "%s", new TreeMap<>(closes));
        row("why connection attempts failed", "%s", new TreeMap<>(failures));
        row("load process threads: steady state / peak during the storm", "%d / %d", selfThreads, peakThreads.get());
        System.exit(0);
    }

    // ---- one simulated lab-agent ----

    /** lab-agent's AgentConnection, asynchronous: connect, heartbeat now and every 10 s, jittered backoff. */
    static final class Agent implements WebSocket.Listener {
        final String name;
        final Keys keys;
        final long phaseMs;
        final String frameHead;
        volatile Runnable firstAttempt;
        private WebSocket socket;
        private boolean connected;
        private long attemptAt;
        private long backoffMs = 1000;
        private ScheduledFuture<?> nextBeat;
        private volatile long sentAt;
        volatile long firstAckAt;
        private volatile boolean awaitingFirstAck;

        Agent(int index, String name, Keys keys) {
            this.name = name;
            this.keys = keys;
            this.phaseMs = index * HEARTBEAT_MS / fleetSize;
            this.frameHead = framePrefix + quote(name) + frameMiddle;
        }

        void connect() {
            synchronized (this) {
                attemptAt = System.nanoTime();
            }
            attempts.incrementAndGet();
            // as lab-agent: a new SSLContext and client for every attempt, so every connection is a full handshake
            HttpClient http;
            try {
                http = HttpClient.newBuilder().sslContext(tls(keys, agentTrust)).version(HttpClient.Version.HTTP_1_1)
                        .executor(httpExecutor).connectTimeout(Duration.ofSeconds(10)).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(agentUri, this)
                    .whenComplete((ws, error) -> {
                        Runnable first = firstAttempt;
                        firstAttempt = null;
                        if (first != null) {
                            first.run();
                        }
                        if (error != null) {
                            failedAttempts.incrementAndGet();
                            failures.computeIfAbsent(cause(error), k -> new AtomicInteger()).incrementAndGet();
                            synchronized (this) {
                                retryLater();
                            }
                            return;
                        }
                        synchronized (this) {
                            socket = ws;
                            connected = true;
                            awaitingFirstAck = true;
                        }
                        open.incrementAndGet();
                        beat();
                    });
        }

        void beat() {
            WebSocket ws;
            synchronized (this) {
                if (!connected) {
                    return;
                }
                ws = socket;
                long now = System.currentTimeMillis() - origin;
                long delay = Math.floorMod(phaseMs - now, HEARTBEAT_MS);
                nextBeat = timers.schedule(this::beat, delay < 1000 ? delay + HEARTBEAT_MS : delay, TimeUnit.MILLISECONDS);
            }
            sentAt = System.nanoTime();
            try {
                ws.sendText(frameHead + uptime + frameSuffix, true).orTimeout(10, TimeUnit.SECONDS).whenComplete((w, e) -> {
                    if (e != null) {
                        ws.abort();
                        dropped(ws, "send failed");
                    }
                });
            } catch (IllegalStateException previousStillPending) {
                ws.abort();
                dropped(ws, "send failed");
            }
        }

        private void dropped(WebSocket ws, String why) {
            synchronized (this) {
                if (ws != socket || !connected) {
                    return;
                }
                connected = false;
                if (nextBeat != null) {
                    nextBeat.cancel(false);
                }
                retryLater();
            }
            open.decrementAndGet();
            String shortWhy = why.replaceAll("\\s+", " ").trim();
            closes.computeIfAbsent(shortWhy.length() > 100 ? shortWhy.substring(0, 100) + "…" : shortWhy,
                    k -> new AtomicInteger()).incrementAndGet();
        }

        /** AgentConnection's backoff: reset after 30 s connected, jittered in [b/2, b], doubling to 60 s. */
        private void retryLater() {
            if (System.nanoTime() - attemptAt > TimeUnit.SECONDS.toNanos(30)) {
                backoffMs = 1000;
            }
            long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            timers.schedule(this::connect, jittered, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (last) {
                long now = System.nanoTime();
                acks.incrementAndGet();
                if (recordLatencies) {
                    ackLatencies.add(now - sentAt);
                }
                if (awaitingFirstAck) {
                    awaitingFirstAck = false;
                    firstAckAt = now;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            dropped(ws, statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            dropped(ws, error.getClass().getSimpleName());
        }
    }

    /** lab-agent's heartbeat frame (AgentFrame + Facts.collect, as Jackson writes it), hostname = the agent's name. */
    static void buildFrame(String version) throws IOException {
        List<String> addresses = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isLoopback() || !nic.isUp()) {
                continue;
            }
            byte[] mac = nic.getHardwareAddress();
            if (mac != null && mac.length == 6) {
                macs.add(quote(HexFormat.ofDelimiter(":").formatHex(mac)));
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                addresses.add(quote(address.getHostAddress().replaceAll("%.*$", "")));
            }
        }
        String os = Files.readAllLines(Path.of("/etc/os-release")).stream().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).findFirst().orElse(System.getProperty("os.name"));
        long memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
        framePrefix = "{\"type\":\"heartbeat\",\"agentVersion\":" + quote(version) + ",\"facts\":{\"hostname\":";
        frameMiddle = ",\"os\":" + quote(os) + ",\"kernel\":" + quote(System.getProperty("os.version")) + ",\"architecture\":"
                + quote(System.getProperty("os.arch")) + ",\"cpus\":" + Runtime.getRuntime().availableProcessors()
                + ",\"memoryBytes\":" + memory + ",\"uptimeSeconds\":";
        frameSuffix = ",\"addresses\":[" + String.join(",", addresses) + "],\"macs\":[" + String.join(",", macs)
                + "],\"agentVersion\":" + quote(version) + "},\"serverTime\":null}";
        readUptime();
    }

    static void readUptime() {
        try {
            uptime = Long.toString((long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]));
        } catch (IOException | NumberFormatException e) {
            // keep the last one
        }
    }

    static void awaitAcked(List<Agent> agents, long since, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (agents.stream().anyMatch(a -> a.firstAckAt < since)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + ": "
                        + agents.stream().filter(a -> a.firstAckAt < since).count() + " missing, " + open.get() + " open");
            }
            Thread.sleep(100);
        }
    }

    static long lastReconnectAck(List<Agent> agents) {
        return agents.stream().mapToLong(a -> a.firstAckAt).max().orElse(0);
    }

    // ---- labd seen through its REST API ----

    /** Waits until every server (fleet and local agent) is Ready, with a heartbeat after {@code since} when given; returns how many are. */
    static int awaitReady(HttpClient admin, URI server, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (true) {
            try {
                ready = 0;
                for (Map<String, Object> s : servers(admin, server)) {
                    String lastSeen = str(s, "lastSeen");
                    if ("Ready".equals(str(s, "status"))
                            && (since == null || (lastSeen != null && Instant.parse(lastSeen).isAfter(since)))) {
                        ready++;
                    }
                }
                if (ready >= fleetSize + 1) {
                    return ready;
                }
            } catch (IOException | IllegalStateException notNow) {
                // labd busy or still starting: ask again
            }
            if (System.nanoTime() > deadline) {
                return ready;
            }
            Thread.sleep(since == null ? 500 : 1000);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> servers(HttpClient admin, URI server) throws Exception {
        HttpResponse<String> response = admin.send(HttpRequest.newBuilder(server.resolve("/api/v1/servers"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/servers: " + response.statusCode());
        }
        return (List<Map<String, Object>>) new Json(response.body()).value();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> enroll(HttpClient http, URI server, String token, String csr, String name) throws Exception {
        String body = "{\"token\":" + quote(token) + ",\"csr\":" + quote(csr) + ",\"name\":" + quote(name)
                + ",\"hostname\":" + quote(name) + "}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/enroll"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("enrollment failed: " + response.statusCode() + " " + response.body());
        }
        return (Map<String, Object>) new Json(response.body()).value();
    }

    /** GET /api/v1/health on a new connection every 200 ms: when labd is back, and how fast it answers. */
    static final class HealthSampler implements Runnable {
        private final HttpClient admin;
        private final URI server;
        private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>()); // {at, latency, ok}
        private volatile long back;
        volatile boolean stop;

        HealthSampler(HttpClient admin, URI server) {
            this.admin = admin;
            this.server = server;
        }

        @Override
        public void run() {
            while (!stop) {
                long start = System.nanoTime();
                boolean ok;
                try {
                    ok = admin.send(HttpRequest.newBuilder(server.resolve("/api/v1/health")).header("Connection", "close")
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (IOException e) {
                    ok = false;
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime();
                if (ok && back == 0) {
                    back = end;
                }
                samples.add(new long[] {start, end - start, ok ? 1 : 0});
                long rest = HEALTH_EVERY_MS - (System.nanoTime() - start) / 1_000_000;
                if (rest > 0) {
                    try {
                        Thread.sleep(rest);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        long awaitBack(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (back == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("labd did not come back within " + timeout);
                }
                Thread.sleep(20);
            }
            return back;
        }

        List<Long> latenciesBetween(long from, long to) {
            synchronized (samples) {
                return samples.stream().filter(s -> s[0] >= from && s[0] <= to).map(s -> s[1]).toList();
            }
        }

        long failuresBetween(long from, long to) {
            synchronized (samples) {
                return samples.stream().filter(s -> s[0] >= from && s[0] <= to && s[2] == 0).count();
            }
        }
    }

    // ---- labd seen through /proc and jcmd ----

    static long labdPid(Path data) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("labd.pid")).trim());
    }

    static long postgresPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/data/postmaster.pid")).get(0).trim());
    }

    /** utime + stime of a process, in ticks. */
    static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Ticks of a process and of its children (PostgreSQL's backends), by PID. */
    static Map<Long, Long> treeTicks(long parent) throws IOException {
        Map<Long, Long> ticks = new TreeMap<>();
        ticks.put(parent, ticks(parent));
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : proc) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == parent) {
                        ticks.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return ticks;
    }

    static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    static double cpu(long ticks, double seconds) {
        return ticks / TICKS_PER_SECOND / seconds * 100;
    }

    /** A line of /proc/PID/status, in its unit (kB for memory). */
    static long status(long pid, String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }

    static long fds(long pid) throws IOException {
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return list.count();
        }
    }

    record Heap(long usedKb, long committedKb, long metaspaceKb, String max) {
        String describe() {
            return String.format("%d MB (committed %d MB, max %s; metaspace %d MB)", usedKb / 1024, committedKb / 1024, max,
                    metaspaceKb / 1024);
        }
    }

    private static final Pattern GENERATION = Pattern.compile(
            "(generation|garbage-first heap|PSYoungGen|ParOldGen)\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    static Heap heap(long pid) throws Exception {
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        long used = 0;
        long committed = 0;
        for (Matcher m = GENERATION.matcher(info); m.find(); ) {
            committed += Long.parseLong(m.group(2));
            used += Long.parseLong(m.group(3));
        }
        Matcher meta = METASPACE.matcher(info);
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        Matcher xmx = Pattern.compile("-Xmx(\\S+)").matcher(cmdline);
        String max = "?";
        while (xmx.find()) {
            max = xmx.group(1);
        }
        return new Heap(used, committed, meta.find() ? Long.parseLong(meta.group(1)) : 0, max);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ---- TLS: one key manager per agent, one trust manager (labd's CA) for all ----

    /** Presents one certificate chain and key, for sockets and for engines (java.net.http uses engines). */
    static final class Keys extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        Keys(X509Certificate certificate, X509Certificate ca, PrivateKey key) {
            this.chain = new X509Certificate[] {certificate, ca};
            this.key = key;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "agent";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "agent";
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"agent"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    static TrustManager[] trustOnly(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("labd-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    static SSLContext tls(Keys keys, TrustManager[] trust) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : new KeyManager[] {keys}, trust, null);
        return context;
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static PrivateKey privateKey(String pkcs8Pem) throws Exception {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** The PEM blocks (ca, cert, key) of the admin config labd wrote. */
    static Map<String, String> adminConfig(Path file) throws IOException {
        Map<String, String> blocks = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(file)) {
            if (line.matches("^[a-z]+: \\|$")) {
                current = line.substring(0, line.indexOf(':'));
                blocks.put(current, "");
            } else if (current != null && line.startsWith("  ")) {
                blocks.put(current, blocks.get(current) + line.substring(2) + "\n");
            } else {
                current = null;
            }
        }
        return blocks;
    }

    // ---- small things ----

    static void row(String label, String format, Object... args) {
        int labelArgs = (int) label.replace("%%", "").chars().filter(c -> c == '%').count();
        Object[] labelValues = java.util.Arrays.copyOfRange(args, 0, labelArgs);
        Object[] values = java.util.Arrays.copyOfRange(args, labelArgs, args.length);
        System.out.printf("  %-62s %s%n", String.format(label, labelValues), String.format(format, values));
    }

    /** p50 / p99 / max of durations in nanoseconds, in milliseconds. */
    static String percentiles(List<Long> nanos) {
        return percentiles(nanos, 0.99, 1e6, "ms");
    }

    static String percentiles(List<Long> nanos, double high, double unit, String name) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f / %.1f %s", sorted.get(sorted.size() / 2) / unit,
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * high) - 1)) / unit,
                sorted.get(sorted.size() - 1) / unit, name);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Why a connection attempt failed, short: the root exception, with the HTTP status of a refused upgrade. */
    static String cause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof java.net.http.WebSocketHandshakeException) {
                break;
            }
            root = root.getCause();
        }
        if (root instanceof java.net.http.WebSocketHandshakeException refused) {
            return "upgrade refused " + refused.getResponse().statusCode();
        }
        return root.getClass().getSimpleName();
    }

    static String str(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Just enough JSON to read labd's answers: objects, arrays, strings, numbers, true, false, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    i++; // :
                    map.put(key, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return map;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String word = s.substring(start, i);
            return switch (word) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.valueOf(word);
            };
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
