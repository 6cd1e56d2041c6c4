import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A fleet of N lab-agents against a running labd, all simulated in this one process with the real
 * protocol ({@link Fleet}, bench/lib/Fleet.java: enrollment, a mutual-TLS WebSocket per agent with its
 * own certificate, lab-agent's heartbeat every 10 s, the N agents spread evenly over the interval, and
 * its jittered exponential backoff). Measures labd (CPU, heap, RSS) in steady state, then restarts labd
 * and measures the reconnect storm. JDK only, with Fleet compiled on the class path (fleet.sh does it):
 * `java -cp DIR FleetBench.java ROOT DATA PORT N CSR_PEM KEY_PEM TOKEN WINDOW_SECONDS`.
 */
public class FleetBench {

    static final long HEARTBEAT_MS = 10_000;
    static final long SETTLE_MS = 20_000;
    static final long BASELINE_SETTLE_MS = 10_000;
    static final long BASELINE_MS = 20_000;
    static final long HEALTH_EVERY_MS = 200;
    static final int ENROLL_CLIENTS = 8;
    static final int CONNECTS_IN_FLIGHT = 32;

    static final AtomicLong peakThreads = new AtomicLong();

    public static void main(String[] args) throws Exception {
        // health samples open a new connection each (as every labctl call does)
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
        Path root = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        int fleetSize = Integer.parseInt(args[3]);
        String csr = Files.readString(Path.of(args[4]));
        PrivateKey agentKey = Fleet.privateKey(Files.readString(Path.of(args[5])));
        String token = args[6];
        long windowMs = Long.parseLong(args[7]) * 1000;
        URI server = URI.create("https://127.0.0.1:" + port);

        Map<String, String> config = Fleet.adminConfig(data.resolve("admin.labctl.yaml"));
        X509Certificate ca = Fleet.certificate(config.get("ca"));
        TrustManager[] trust = Fleet.trustOnly(ca);
        SSLContext adminTls = Fleet.tls(new Fleet.Keys(Fleet.certificate(config.get("cert")), ca, Fleet.privateKey(config.get("key"))), trust);
        HttpClient admin = HttpClient.newBuilder().sslContext(adminTls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        SSLContext anonymous = Fleet.tls(null, trust);
        HttpClient enrollHttp = HttpClient.newBuilder().sslContext(anonymous).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        // the frame lab-agent sends, with this machine's facts and the local agent's version
        String version = Fleet.servers(admin, server).stream().filter(s -> !Fleet.str(s, "name").startsWith("fleet-"))
                .map(s -> Fleet.str(s, "agentVersion")).filter(v -> v != null && !v.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the local lab-agent of ./lab up has not reported its version"));
        Fleet fleet = new Fleet(port, trust, HEARTBEAT_MS, version);
        long me = ProcessHandle.current().pid();
        fleet.timers.scheduleAtFixedRate(() -> {
            try {
                peakThreads.accumulateAndGet(Fleet.status(me, "Threads"), Math::max);
            } catch (IOException e) {
                // next second
            }
        }, 0, 1, TimeUnit.SECONDS);

        // 0. labd with only the local lab-agent, for comparison
        Thread.sleep(BASELINE_SETTLE_MS);
        long idlePid = Fleet.labdPid(data);
        long idleBefore = Fleet.ticks(idlePid);
        long t0 = System.nanoTime();
        Thread.sleep(BASELINE_MS);
        double idleCpu = Fleet.cpu(Fleet.ticks(idlePid) - idleBefore, Fleet.seconds(t0));
        Fleet.Heap idleHeap = Fleet.heap(idlePid);

        // 1. enrollment: a certificate and a server per agent
        String prefix = "fleet-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        long t = System.nanoTime();
        ExecutorService enrollers = Executors.newFixedThreadPool(ENROLL_CLIENTS);
        List<Future<Fleet.Agent>> enrolled = new ArrayList<>();
        for (int i = 0; i < fleetSize; i++) {
            int index = i;
            enrolled.add(enrollers.submit(() -> {
                String name = prefix + String.format("%04d", index);
                Map<String, Object> e = Fleet.enroll(enrollHttp, server, token, csr, name);
                return new Fleet.Agent(fleet, name, new Fleet.Keys(Fleet.certificate(Fleet.str(e, "certificate")), ca, agentKey),
                        index * HEARTBEAT_MS / fleetSize);
            }));
        }
        List<Fleet.Agent> agents = new ArrayList<>();
        for (Future<Fleet.Agent> f : enrolled) {
            agents.add(f.get());
        }
        enrollers.shutdown();
        double enrollSeconds = Fleet.seconds(t);

        // 2. connect, bounded in flight, until every agent's first heartbeat is acknowledged and labd lists all Ready
        t = System.nanoTime();
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        for (Fleet.Agent agent : agents) {
            inFlight.acquire();
            agent.firstAttempt = inFlight::release;
            agent.connect();
        }
        fleet.awaitAcked(agents, t, Duration.ofMinutes(5), "the first heartbeat of every agent acknowledged");
        double ackedSeconds = Fleet.seconds(t);
        Fleet.awaitReady(admin, server, fleetSize + 1, null, Duration.ofMinutes(2));
        double readySeconds = Fleet.seconds(t);
        if (fleet.open.get() != fleetSize) {
            throw new IllegalStateException("only " + fleet.open.get() + " of " + fleetSize + " agents connected");
        }

        // 3. steady state: settle, then one window
        Thread.sleep(SETTLE_MS);
        long labd = Fleet.labdPid(data);
        long self = ProcessHandle.current().pid();
        long pg = Fleet.postgresPid(data);
        long attemptsBeforeWindow = fleet.attempts.get();
        long acksBefore = fleet.acks.get();
        Map<Long, Long> pgBefore = Fleet.treeTicks(pg);
        long labdBefore = Fleet.ticks(labd);
        long selfBefore = Fleet.ticks(self);
        fleet.recordLatencies = true;
        t = System.nanoTime();
        Thread.sleep(windowMs);
        double window = Fleet.seconds(t);
        long labdTicks = Fleet.ticks(labd) - labdBefore;
        long selfTicks = Fleet.ticks(self) - selfBefore;
        long pgTicks = Fleet.delta(pgBefore, Fleet.treeTicks(pg));
        fleet.recordLatencies = false;
        long windowAcks = fleet.acks.get() - acksBefore;
        long reconnectsInWindow = fleet.attempts.get() - attemptsBeforeWindow;
        Fleet.Heap heap = Fleet.heap(labd);
        long rss = Fleet.status(labd, "VmRSS");
        long threads = Fleet.status(labd, "Threads");
        long fds = Fleet.fds(labd);
        long selfRss = Fleet.status(self, "VmRSS");
        long selfThreads = Fleet.status(self, "Threads");
        List<Long> latencies;
        synchronized (fleet.ackLatencies) {
            latencies = new ArrayList<>(fleet.ackLatencies);
        }
        int readyAtEnd = Fleet.awaitReady(admin, server, fleetSize + 1, null, Duration.ofSeconds(5));
        Fleet.run("jcmd", Long.toString(labd), "GC.run");
        Fleet.Heap live = Fleet.heap(labd);

        // 4. reconnect storm: labd stopped (SIGTERM, as ./lab down does) and started again with ./lab up;
        //    the local lab-agent keeps running and reconnects by itself like the simulated ones
        fleet.closes.clear();
        fleet.failures.clear();
        peakThreads.set(0);
        long attemptsBefore = fleet.attempts.get();
        long failedBefore = fleet.failedAttempts.get();
        t = System.nanoTime();
        ProcessHandle labdProcess = ProcessHandle.of(labd).orElseThrow();
        labdProcess.destroy();
        try {
            labdProcess.onExit().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            labdProcess.destroyForcibly();
            labdProcess.onExit().get(30, TimeUnit.SECONDS);
        }
        double downSeconds = Fleet.seconds(t);
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
        long newLabd = Fleet.labdPid(data);
        long stormBefore = Fleet.ticks(newLabd);
        int ready = Fleet.awaitReady(admin, server, fleetSize + 1, down, Duration.ofMinutes(5));
        long allReady = System.nanoTime();
        long stormTicks = Fleet.ticks(newLabd) - stormBefore;
        health.stop = true;
        sampler.join();
        long waitAcks = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agents.stream().anyMatch(a -> a.firstAckAt < upStarted) && System.nanoTime() < waitAcks) {
            Thread.sleep(100);
        }
        boolean allAcked = agents.stream().allMatch(a -> a.firstAckAt > upStarted);
        double clientView = (Fleet.lastReconnectAck(agents) - back) / 1e9;
        up.waitFor(3, TimeUnit.MINUTES);
        boolean rebuilt = !unpacked.equals(Files.readString(data.resolve("labd/.lab-build")));
        List<Long> healthLatencies = health.latenciesBetween(back, allReady);

        // the table
        System.out.printf("%-64s %s%n", "measure", "value");
        Fleet.row("labd idle, only the local lab-agent: CPU / heap used", "%.1f %% / %d MB", idleCpu, idleHeap.usedKb() / 1024);
        Fleet.row("enroll %d agents (%d clients)", "%.1f s (%.0f/s)", fleetSize, ENROLL_CLIENTS, enrollSeconds, fleetSize / enrollSeconds);
        Fleet.row("connect %d agents (%d handshakes in flight): all acked", "%.1f s", fleetSize, CONNECTS_IN_FLIGHT, ackedSeconds);
        Fleet.row("  ... and all Ready in GET /api/v1/servers", "%.1f s", readySeconds);
        System.out.printf("steady state: %d agents + the local lab-agent, heartbeat every %d s, %.0f s window%n",
                fleetSize, HEARTBEAT_MS / 1000, window);
        Fleet.row("labd CPU (100%% = one core; goal under 10%%)", "%.1f %%", Fleet.cpu(labdTicks, window));
        Fleet.row("labd heap used at the end of the window (goal under 512 MB)", "%s", heap.describe());
        Fleet.row("labd heap live after a full GC (jcmd GC.run)", "%s", live.describe());
        Fleet.row("labd RSS / threads / open files", "%d MB / %d / %d", rss / 1024, threads, fds);
        Fleet.row("embedded PostgreSQL CPU (all its processes)", "%.1f %%", Fleet.cpu(pgTicks, window));
        Fleet.row("load process CPU (this JVM, %d agents) / RSS", "%.1f %% / %d MB", fleetSize, Fleet.cpu(selfTicks, window), selfRss / 1024);
        Fleet.row("heartbeats acknowledged", "%.1f/s (expected %.1f/s)", windowAcks / window, fleetSize * 1000.0 / HEARTBEAT_MS);
        Fleet.row("heartbeat -> ack latency p50 / p99 / max", "%s", Fleet.percentiles(latencies));
        Fleet.row("reconnects during the window / Ready at its end", "%d / %d of %d", reconnectsInWindow, readyAtEnd, fleetSize + 1);
        System.out.println("reconnect storm: labd stopped (SIGTERM) and started again (./lab up, same data)"
                + (rebuilt ? "\n  NOTE: assembly/target changed during the run: ./lab up unpacked and started the newer build" : ""));
        Fleet.row("labd stop (SIGTERM until the process exited)", "%.1f s", downSeconds);
        Fleet.row("labd start until GET /api/v1/health is 200 (\"back\")", "%.1f s", startSeconds);
        Fleet.row("back -> all %d Ready again (REST, heartbeat after the restart)", "%s", fleetSize + 1,
                ready == fleetSize + 1 ? String.format("%.1f s", (allReady - back) / 1e9) : "not reached: " + ready + " Ready after 5 min");
        Fleet.row("back -> all %d simulated agents acked again (agents' view)", "%s", fleetSize,
                allAcked ? String.format("%.1f s", clientView) : "not reached");
        Fleet.row("  ... each agent back -> acked again: p50 / p90 / max", "%s", Fleet.percentiles(agents.stream()
                .filter(a -> a.firstAckAt > upStarted).map(a -> Math.max(0, a.firstAckAt - back)).toList(), 0.9, 1e9, "s"));
        Fleet.row("labd CPU from back until all Ready", "%.0f %%", Fleet.cpu(stormTicks, (allReady - back) / 1e9));
        Fleet.row("GET /api/v1/health meanwhile, new connection every %d ms", "%s", HEALTH_EVERY_MS,
                Fleet.percentiles(healthLatencies) + " (" + healthLatencies.size() + " samples, " + health.failuresBetween(back, allReady) + " failed)");
        Fleet.row("connection attempts by the agents (failed)", "%d (%d)", fleet.attempts.get() - attemptsBefore, fleet.failedAttempts.get() - failedBefore);
        Fleet.row("how the agents' sockets ended at the restart", "%s", new TreeMap<>(fleet.closes));
        Fleet.row("why connection attempts failed", "%s", new TreeMap<>(fleet.failures));
        Fleet.row("load process threads: steady state / peak during the storm", "%d / %d", selfThreads, peakThreads.get());
        System.exit(0);
    }

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

}
