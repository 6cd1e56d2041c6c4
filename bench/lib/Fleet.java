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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
 * Simulated lab-agents for the benchmarks, many in one process, with the real protocol: each agent
 * enrolls ({@link #enroll}: POST /api/v1/enroll), then keeps its own mutual-TLS WebSocket to
 * wss://labd/agent with its own certificate (a java.net.http client and SSLContext per connection, as
 * lab-agent makes them, on one shared executor), sends lab-agent's heartbeat frame with facts on
 * connect and every heartbeat interval, at a phase of its own, and reconnects with lab-agent's
 * jittered exponential backoff (1 s doubling to 60 s). A subclass of {@link Agent} adds what a topic
 * reports with each heartbeat and reads labd's acks and notices (bench/modules). Also labd seen
 * through its REST API, /proc and jcmd, TLS and JSON helpers. JDK only.
 *
 * <p>Used by bench/agents/FleetBench.java and bench/modules/ModulesBench.java: their scripts compile
 * this file ({@code javac -d DIR bench/lib/Fleet.java}) and run the benchmark's single source file with
 * DIR on the class path (so everything the benchmarks use here is public: the source launcher loads
 * them with a class loader of their own).
 */
public final class Fleet {

    public static final long MAX_BACKOFF_MS = 60_000;
    /** USER_HZ: the unit of utime/stime in /proc/PID/stat on Linux. */
    public static final double TICKS_PER_SECOND = 100;

    public final long heartbeatMs;
    public final ScheduledExecutorService timers;
    public final ExecutorService httpExecutor;
    final TrustManager[] trust;
    /** labd, https://127.0.0.1:PORT/ */
    public final URI server;
    final URI agentUri;
    final long origin = System.currentTimeMillis();
    volatile String uptime = "0";
    String framePrefix;
    String frameMiddle;
    String frameSuffix;

    // what the agents saw
    public final AtomicInteger open = new AtomicInteger();
    public final AtomicLong attempts = new AtomicLong();
    public final AtomicLong failedAttempts = new AtomicLong();
    public final AtomicLong acks = new AtomicLong();
    public final Map<String, AtomicInteger> closes = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    public final List<Long> ackLatencies = Collections.synchronizedList(new ArrayList<>());
    public volatile boolean recordLatencies;

    /**
     * @param port         labd's port on 127.0.0.1
     * @param trust        labd's CA
     * @param heartbeatMs  the agents' heartbeat interval (lab-agent's default is 10 s)
     * @param agentVersion the version the agents' heartbeats name (the local lab-agent's)
     */
    public Fleet(int port, TrustManager[] trust, long heartbeatMs, String agentVersion) throws IOException {
        this.heartbeatMs = heartbeatMs;
        this.trust = trust;
        this.server = URI.create("https://127.0.0.1:" + port + "/");
        this.agentUri = URI.create("wss://127.0.0.1:" + port + "/agent");
        this.timers = Executors.newScheduledThreadPool(2, daemon("fleet-timer"));
        this.httpExecutor = Executors.newCachedThreadPool(daemon("fleet-http"));
        buildFrame(agentVersion);
        timers.scheduleAtFixedRate(this::readUptime, 0, 1, TimeUnit.SECONDS);
    }

    // ---- one simulated lab-agent ----

    /** lab-agent's AgentConnection, asynchronous: connect, heartbeat now and every interval, jittered backoff. */
    public static class Agent implements WebSocket.Listener {
        protected final Fleet fleet;
        public final String name;
        final Keys keys;
        final long phaseMs;
        final String frameHead;
        public volatile Runnable firstAttempt;
        private WebSocket socket;
        private HttpClient http;
        private boolean connected;
        private long attemptAt;
        private long backoffMs = 1000;
        private ScheduledFuture<?> nextBeat;
        private volatile long sentAt;
        public volatile long firstAckAt;
        private volatile boolean awaitingFirstAck;
        private final StringBuilder frame = new StringBuilder();

        /** @param phaseMs when in each heartbeat interval this agent sends its heartbeat */
        public Agent(Fleet fleet, String name, Keys keys, long phaseMs) {
            this.fleet = fleet;
            this.name = name;
            this.keys = keys;
            this.phaseMs = phaseMs;
            this.frameHead = fleet.framePrefix + quote(name) + fleet.frameMiddle;
        }

        /** The heartbeat's {@code reports} (JSON, such as {@code {"modules":[...]}}), or null for none. */
        protected String reports() {
            return null;
        }

        /** A whole text frame from labd: a heartbeat's ack, or a notice. Called on the connection's thread. */
        protected void received(String text, boolean ack) {
        }

        /** The HTTP client of the agent's connection: its certificate, for labd's agent endpoints. */
        public synchronized HttpClient http() {
            return http;
        }

        public void connect() {
            synchronized (this) {
                attemptAt = System.nanoTime();
            }
            fleet.attempts.incrementAndGet();
            // as lab-agent: a new SSLContext and client for every attempt, so every connection is a full handshake
            HttpClient client;
            try {
                client = HttpClient.newBuilder().sslContext(tls(keys, fleet.trust)).version(HttpClient.Version.HTTP_1_1)
                        .executor(fleet.httpExecutor).connectTimeout(Duration.ofSeconds(10)).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(fleet.agentUri, this)
                    .whenComplete((ws, error) -> {
                        Runnable first = firstAttempt;
                        firstAttempt = null;
                        if (first != null) {
                            first.run();
                        }
                        if (error != null) {
                            fleet.failedAttempts.incrementAndGet();
                            fleet.failures.computeIfAbsent(cause(error), k -> new AtomicInteger()).incrementAndGet();
                            synchronized (this) {
                                retryLater();
                            }
                            return;
                        }
                        synchronized (this) {
                            socket = ws;
                            http = client;
                            connected = true;
                            awaitingFirstAck = true;
                        }
                        fleet.open.incrementAndGet();
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
                long now = System.currentTimeMillis() - fleet.origin;
                long delay = Math.floorMod(phaseMs - now, fleet.heartbeatMs);
                nextBeat = fleet.timers.schedule(this::beat, delay < 1000 ? delay + fleet.heartbeatMs : delay, TimeUnit.MILLISECONDS);
            }
            String reports = reports();
            sentAt = System.nanoTime();
            try {
                ws.sendText(frameHead + fleet.uptime + fleet.frameSuffix + (reports == null ? "}" : ",\"reports\":" + reports + "}"), true)
                        .orTimeout(10, TimeUnit.SECONDS).whenComplete((w, e) -> {
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
            fleet.open.decrementAndGet();
            String shortWhy = why.replaceAll("\\s+", " ").trim();
            fleet.closes.computeIfAbsent(shortWhy.length() > 100 ? shortWhy.substring(0, 100) + "…" : shortWhy,
                    k -> new AtomicInteger()).incrementAndGet();
        }

        /** AgentConnection's backoff: reset after 30 s connected, jittered in [b/2, b], doubling to 60 s. */
        private void retryLater() {
            if (System.nanoTime() - attemptAt > TimeUnit.SECONDS.toNanos(30)) {
                backoffMs = 1000;
            }
            long jittered = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
            fleet.timers.schedule(this::connect, jittered, TimeUnit.MILLISECONDS);
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                long now = System.nanoTime();
                String text = frame.toString();
                frame.setLength(0);
                // labd writes AgentFrame with its type first
                boolean ack = !text.startsWith("{\"type\":\"notice\"");
                if (ack) {
                    fleet.acks.incrementAndGet();
                    if (fleet.recordLatencies) {
                        fleet.ackLatencies.add(now - sentAt);
                    }
                    if (awaitingFirstAck) {
                        awaitingFirstAck = false;
                        firstAckAt = now;
                    }
                }
                received(text, ack);
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
    private void buildFrame(String version) throws IOException {
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
        // the frame ends with "}" or with ,"reports":{...}}
        frameSuffix = ",\"addresses\":[" + String.join(",", addresses) + "],\"macs\":[" + String.join(",", macs)
                + "],\"agentVersion\":" + quote(version) + "},\"serverTime\":null";
        readUptime();
    }

    private void readUptime() {
        try {
            uptime = Long.toString((long) Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]));
        } catch (IOException | NumberFormatException e) {
            // keep the last one
        }
    }

    public void awaitAcked(List<? extends Agent> agents, long since, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (agents.stream().anyMatch(a -> a.firstAckAt < since)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what + ": "
                        + agents.stream().filter(a -> a.firstAckAt < since).count() + " missing, " + open.get() + " open");
            }
            Thread.sleep(100);
        }
    }

    public static long lastReconnectAck(List<? extends Agent> agents) {
        return agents.stream().mapToLong(a -> a.firstAckAt).max().orElse(0);
    }

    // ---- labd seen through its REST API ----

    /**
     * Waits until {@code expected} servers are Ready, with a heartbeat after {@code since} when given; returns how many
     * are (fewer when the time ran out).
     */
    public static int awaitReady(HttpClient admin, URI server, int expected, Instant since, Duration timeout) throws Exception {
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
                if (ready >= expected) {
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

    public static List<Map<String, Object>> servers(HttpClient admin, URI server) throws Exception {
        return getList(admin, server.resolve("/api/v1/servers"));
    }

    /** GET of a JSON array. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> getList(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri.getPath() + ": " + response.statusCode());
        }
        return (List<Map<String, Object>>) new Json(response.body()).value();
    }

    /**
     * Enrolls one agent. labd admits a few requests without a client certificate at a time and answers 503 to more
     * (core's RequestLimits): such an enrollment is tried again after a short jittered pause, for up to a minute.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> enroll(HttpClient http, URI server, String token, String csr, String name) throws Exception {
        String body = "{\"token\":" + quote(token) + ",\"csr\":" + quote(csr) + ",\"name\":" + quote(name)
                + ",\"hostname\":" + quote(name) + "}";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        HttpResponse<String> response;
        while (true) {
            response = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/enroll"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 503 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50 + ThreadLocalRandom.current().nextLong(200));
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("enrollment failed: " + response.statusCode() + " " + response.body());
        }
        return (Map<String, Object>) new Json(response.body()).value();
    }

    // ---- labd seen through /proc and jcmd ----

    public static long labdPid(Path data) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("labd.pid")).trim());
    }

    public static long postgresPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/data/postmaster.pid")).get(0).trim());
    }

    /** utime + stime of a process, in ticks. */
    public static long ticks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Ticks of a process and of its children (PostgreSQL's backends), by PID. */
    public static Map<Long, Long> treeTicks(long parent) throws IOException {
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

    public static long delta(Map<Long, Long> before, Map<Long, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    public static double cpu(long ticks, double seconds) {
        return ticks / TICKS_PER_SECOND / seconds * 100;
    }

    /** A line of /proc/PID/status, in its unit (kB for memory). */
    public static long status(long pid, String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
    }

    public static long fds(long pid) throws IOException {
        try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return list.count();
        }
    }

    public record Heap(long usedKb, long committedKb, long metaspaceKb, String max) {
        public String describe() {
            return String.format("%d MB (committed %d MB, max %s; metaspace %d MB)", usedKb / 1024, committedKb / 1024, max,
                    metaspaceKb / 1024);
        }
    }

    private static final Pattern GENERATION = Pattern.compile(
            "(generation|garbage-first heap|PSYoungGen|ParOldGen)\\s+total (\\d+)K, used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    public static Heap heap(long pid) throws Exception {
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

    public static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ---- TLS: one key manager per agent, one trust manager (labd's CA) for all ----

    /** Presents one certificate chain and key, for sockets and for engines (java.net.http uses engines). */
    public static final class Keys extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        public Keys(X509Certificate certificate, X509Certificate ca, PrivateKey key) {
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

    public static TrustManager[] trustOnly(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("labd-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    public static SSLContext tls(Keys keys, TrustManager[] trust) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : new KeyManager[] {keys}, trust, null);
        return context;
    }

    public static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    public static PrivateKey privateKey(String pkcs8Pem) throws Exception {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** The PEM blocks (ca, cert, key) of the admin config labd wrote. */
    public static Map<String, String> adminConfig(Path file) throws IOException {
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

    public static void row(String label, String format, Object... args) {
        int labelArgs = (int) label.replace("%%", "").chars().filter(c -> c == '%').count();
        Object[] labelValues = java.util.Arrays.copyOfRange(args, 0, labelArgs);
        Object[] values = java.util.Arrays.copyOfRange(args, labelArgs, args.length);
        System.out.printf("  %-62s %s%n", String.format(label, labelValues), String.format(format, values));
    }

    /** p50 / p99 / max of durations in nanoseconds, in milliseconds. */
    public static String percentiles(List<Long> nanos) {
        return percentiles(nanos, 0.99, 1e6, "ms");
    }

    public static String percentiles(List<Long> nanos, double high, double unit, String name) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("%.1f / %.1f / %.1f %s", sorted.get(sorted.size() / 2) / unit,
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * high) - 1)) / unit,
                sorted.get(sorted.size() - 1) / unit, name);
    }

    public static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    public static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Why a connection attempt failed, short: the root exception, with the HTTP status of a refused upgrade. */
    public static String cause(Throwable error) {
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

    public static String str(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    public static String quote(String s) {
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
    public static final class Json {
        private final String s;
        private int i;

        public Json(String s) {
            this.s = s;
        }

        public Object value() {
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
