import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A module rolled out through labd to 1, 50, 500 servers: one real lab-agent (the local agent of ./lab up) and N-1
 * lab-agents simulated in this process ({@link Fleet}, bench/lib/Fleet.java) that speak the modules contract as
 * lab-agent's modules bundle does: the generation comes with every heartbeat's ack and as a notice under the topic
 * {@code modules}; on a new one the agent asks {@code GET /api/v1/agent/modules} over mutual TLS with its own
 * certificate, downloads each agent bundle from its {@code url}, checks its size and SHA-256, keeps it on disk, and
 * reports {@code [{name, version, state, health, error, since}]} with its next heartbeat. For each size: the time from
 * {@code labctl modules add DIR} until {@code GET /api/v1/module-status} shows every server ready, then the upgrade
 * (version 2 added) and the removal, with labd's CPU and RSS. JDK only, Fleet on the class path (modules.sh):
 * {@code java -cp DIR ModulesBench.java ROOT DATA PORT CSR KEY TOKEN LOCAL V1_DIR V2_DIR RESULTS N...}.
 */
public class ModulesBench {

    static final long HEARTBEAT_MS = 10_000;
    static final long POLL_MS = 250;
    static final int ENROLL_CLIENTS = 8;
    static final int CONNECTS_IN_FLIGHT = 32;
    static final String MODULE = "bench";
    /** With LABD_JFR=FILE in the environment, labd's add to this many servers is recorded there (JFR, profile settings). */
    static int PROFILED_SIZE;
    static long fileSize;

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        String csr = Files.readString(Path.of(args[3]));
        PrivateKey agentKey = Fleet.privateKey(Files.readString(Path.of(args[4])));
        String token = args[5];
        String local = args[6];
        Path v1 = Path.of(args[7]);
        Path v2 = Path.of(args[8]);
        Path results = Path.of(args[9]);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 10; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        PROFILED_SIZE = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        try (var jars = Files.list(v1)) {
            fileSize = Files.size(jars.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow());
        }
        URI server = URI.create("https://127.0.0.1:" + port);
        Map<String, String> config = Fleet.adminConfig(data.resolve("admin.labctl.yaml"));
        X509Certificate ca = Fleet.certificate(config.get("ca"));
        TrustManager[] trust = Fleet.trustOnly(ca);
        SSLContext adminTls = Fleet.tls(new Fleet.Keys(Fleet.certificate(config.get("cert")), ca, Fleet.privateKey(config.get("key"))), trust);
        HttpClient admin = HttpClient.newBuilder().sslContext(adminTls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient enrollHttp = HttpClient.newBuilder().sslContext(Fleet.tls(null, trust)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String version = Fleet.servers(admin, server).stream().filter(s -> local.equals(Fleet.str(s, "name")))
                .map(s -> Fleet.str(s, "agentVersion")).filter(v -> v != null && !v.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the local lab-agent " + local + " has not reported its version"));
        Fleet fleet = new Fleet(port, trust, HEARTBEAT_MS, version);
        ExecutorService passes = Executors.newCachedThreadPool(Fleet.daemon("fleet-modules"));
        Path hosts = data.resolve("hosts");
        String prefix = "mod-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-";
        List<ModuleAgent> agents = new ArrayList<>();
        Labctl labctl = new Labctl(root, data);

        for (int n : sizes) {
            // 1. the fleet: N-1 simulated agents beside the local lab-agent, all Ready
            int have = agents.size();
            long t = System.nanoTime();
            ExecutorService enrollers = Executors.newFixedThreadPool(ENROLL_CLIENTS);
            List<Future<ModuleAgent>> enrolled = new ArrayList<>();
            for (int i = have; i < n - 1; i++) {
                String name = prefix + String.format("%04d", i);
                enrolled.add(enrollers.submit(() -> {
                    Map<String, Object> e = Fleet.enroll(enrollHttp, server, token, csr, name);
                    return new ModuleAgent(fleet, name, new Fleet.Keys(Fleet.certificate(Fleet.str(e, "certificate")), ca, agentKey),
                            ThreadLocalRandom.current().nextLong(HEARTBEAT_MS), hosts.resolve(name), passes);
                }));
            }
            List<ModuleAgent> added = new ArrayList<>();
            for (Future<ModuleAgent> f : enrolled) {
                added.add(f.get());
            }
            enrollers.shutdown();
            Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
            for (ModuleAgent agent : added) {
                inFlight.acquire();
                agent.firstAttempt = inFlight::release;
                agent.connect();
            }
            fleet.awaitAcked(added, t, Duration.ofMinutes(5), "the first heartbeat of every new agent acknowledged");
            agents.addAll(added);
            if (Fleet.awaitReady(admin, server, n, null, Duration.ofMinutes(2)) < n) {
                throw new IllegalStateException(n + " servers are not all Ready");
            }
            System.out.printf("%d servers: %d simulated agents + the local lab-agent %s, all Ready (%d enrolled and connected in %.1f s)%n",
                    n, agents.size(), local, added.size(), Fleet.seconds(t));

            // 2. add, upgrade, remove
            Step add = step(fleet, admin, server, data, labctl, agents, local, n, "add", List.of("modules", "add", v1.toString()),
                    rows -> ready(rows, "1.0.0") == n);
            Step upgrade = step(fleet, admin, server, data, labctl, agents, local, n, "upgrade", List.of("modules", "add", v2.toString()),
                    rows -> ready(rows, "1.1.0") == n);
            Step remove = step(fleet, admin, server, data, labctl, agents, local, n, "remove", List.of("modules", "remove", MODULE),
                    rows -> rows.stream().noneMatch(r -> MODULE.equals(Fleet.str(r, "module"))));
            for (Step s : List.of(add, upgrade, remove)) {
                s.print();
            }
            Files.writeString(results, String.format("%d %.2f %.2f %.2f %.2f%n", n, add.seconds, upgrade.seconds, remove.seconds,
                    add.local), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        System.exit(0);
    }

    /** One change, timed from labctl's start until module-status shows it on every server. */
    static Step step(Fleet fleet, HttpClient admin, URI server, Path data, Labctl labctl, List<ModuleAgent> agents, String local,
                     int n, String what, List<String> command, Predicate<List<Map<String, Object>>> done) throws Exception {
        agents.forEach(ModuleAgent::resetTimes);
        ModuleAgent.listLatencies.clear();
        ModuleAgent.fileLatencies.clear();
        String jfr = System.getenv("LABD_JFR");
        boolean profile = jfr != null && !jfr.isEmpty() && what.equals("add") && n == PROFILED_SIZE;
        long labd = Fleet.labdPid(data);
        long pg = Fleet.postgresPid(data);
        long self = ProcessHandle.current().pid();
        long labdBefore = Fleet.ticks(labd);
        long selfBefore = Fleet.ticks(self);
        Map<Long, Long> pgBefore = Fleet.treeTicks(pg);
        long rssBefore = Fleet.status(labd, "VmRSS");
        long peakRss = rssBefore;
        long labdPid = labd;
        if (profile) {
            Fleet.run("jcmd", Long.toString(labdPid), "JFR.start", "name=modbench", "settings=profile");
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Process cli = labctl.start(command, data.resolve("labctl-" + what + "-" + n + ".log"));
        long cliDone = 0;
        long localDone = 0;
        int polls = 0;
        List<Long> pollLatencies = new ArrayList<>();
        List<Map<String, Object>> rows;
        while (true) {
            if (cliDone == 0 && !cli.isAlive()) {
                cliDone = System.nanoTime();
                if (cli.exitValue() != 0) {
                    throw new IllegalStateException("labctl " + String.join(" ", command) + " failed: "
                            + Files.readString(data.resolve("labctl-" + what + "-" + n + ".log")));
                }
            }
            long asked = System.nanoTime();
            rows = Fleet.getList(admin, server.resolve("/api/v1/module-status"));
            pollLatencies.add(System.nanoTime() - asked);
            polls++;
            peakRss = Math.max(peakRss, Fleet.status(labd, "VmRSS"));
            if (cliDone != 0 && localDone == 0 && localDone(rows, local, what)) {
                localDone = System.nanoTime();
            }
            if (cliDone != 0 && done.test(rows)) {
                break;
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException(what + " to " + n + " servers not done after 5 min: " + rows.size() + " rows, "
                        + ready(rows, what.equals("add") ? "1.0.0" : "1.1.0") + " ready");
            }
            Thread.sleep(POLL_MS);
        }
        long end = System.nanoTime();
        if (profile) {
            Fleet.run("jcmd", Long.toString(labdPid), "JFR.stop", "name=modbench", "filename=" + jfr);
        }
        Step step = new Step();
        step.what = what;
        step.n = n;
        step.seconds = (end - start) / 1e9;
        step.cli = (cliDone - start) / 1e9;
        step.labdCpu = Fleet.cpu(Fleet.ticks(labd) - labdBefore, step.seconds);
        step.pgCpu = Fleet.cpu(Fleet.delta(pgBefore, Fleet.treeTicks(pg)), step.seconds);
        step.selfCpu = Fleet.cpu(Fleet.ticks(self) - selfBefore, step.seconds);
        step.rssBefore = rssBefore;
        step.peakRss = peakRss;
        step.polls = polls;
        step.pollLatencies = pollLatencies;
        // the local agent: when labd recorded its report (reportedAt), else when a poll saw its row go
        Double reported = null;
        for (Map<String, Object> row : rows) {
            if (local.equals(Fleet.str(row, "server")) && MODULE.equals(Fleet.str(row, "module")) && Fleet.str(row, "reportedAt") != null) {
                reported = Duration.between(startedAt, Instant.parse(Fleet.str(row, "reportedAt"))).toNanos() / 1e9;
            }
        }
        step.local = reported != null ? reported : (localDone - start) / 1e9;
        step.localHow = reported != null ? "its report recorded" : "its row gone, polled";
        for (ModuleAgent agent : agents) {
            step.noticed.add(agent.noticedAt - start);
            step.fetched.add(agent.appliedAt - start);
            step.reported.add(agent.reportedAt - start);
            step.downloads += agent.downloads;
        }
        step.failures = agents.stream().mapToLong(a -> a.failures).sum();
        step.listLatencies = new ArrayList<>(ModuleAgent.listLatencies);
        step.fileLatencies = new ArrayList<>(ModuleAgent.fileLatencies);
        return step;
    }

    static long ready(List<Map<String, Object>> rows, String version) {
        return rows.stream().filter(r -> MODULE.equals(Fleet.str(r, "module")) && version.equals(Fleet.str(r, "version"))
                && version.equals(Fleet.str(r, "desired")) && "ready".equals(Fleet.str(r, "state"))).count();
    }

    static boolean localDone(List<Map<String, Object>> rows, String local, String what) {
        Predicate<Map<String, Object>> mine = r -> local.equals(Fleet.str(r, "server")) && MODULE.equals(Fleet.str(r, "module"));
        return switch (what) {
            case "add" -> ready(rows.stream().filter(mine).toList(), "1.0.0") == 1;
            case "upgrade" -> ready(rows.stream().filter(mine).toList(), "1.1.0") == 1;
            default -> rows.stream().noneMatch(mine);
        };
    }

    /** What one change measured. */
    static final class Step {
        String what;
        int n;
        double seconds;
        double cli;
        double labdCpu;
        double pgCpu;
        double selfCpu;
        long rssBefore;
        long peakRss;
        int polls;
        List<Long> pollLatencies;
        double local;
        String localHow;
        final List<Long> noticed = new ArrayList<>();
        final List<Long> fetched = new ArrayList<>();
        final List<Long> reported = new ArrayList<>();
        long downloads;
        long failures;
        List<Long> listLatencies;
        List<Long> fileLatencies;

        void print() {
            System.out.printf("  %s, %d servers: %.1f s until every server shows it in GET /api/v1/module-status%n", what, n, seconds);
            Fleet.row("labctl %s (until it exited)", "%.2f s", String.join(" ", what), cli);
            Fleet.row("the real lab-agent (%s)", "%.1f s", localHow, local);
            if (!noticed.isEmpty()) {
                Fleet.row("simulated agents: told the generation, p50 / p90 / max", "%s", Fleet.percentiles(noticed, 0.9, 1e9, "s"));
                Fleet.row("  ... fetched (list, bundles downloaded and checked)", "%s", Fleet.percentiles(fetched, 0.9, 1e9, "s"));
                Fleet.row("  ... reported with their next heartbeat", "%s", Fleet.percentiles(reported, 0.9, 1e9, "s"));
                Fleet.row("  ... bundle downloads / failed passes", "%d / %d", downloads, failures);
                Fleet.row("GET /api/v1/agent/modules, latency p50 / p90 / max", "%s", Fleet.percentiles(listLatencies, 0.9, 1e6, "ms"));
                if (!fileLatencies.isEmpty()) {
                    Fleet.row("GET of the bundle (%d KiB), latency p50 / p90 / max", "%s", fileSize / 1024,
                            Fleet.percentiles(fileLatencies, 0.9, 1e6, "ms"));
                }
            }
            Fleet.row("labd CPU (100%% = one core) / PostgreSQL / load process", "%.0f %% / %.0f %% / %.0f %%", labdCpu, pgCpu, selfCpu);
            Fleet.row("labd RSS before / peak", "%d / %d MB", rssBefore / 1024, peakRss / 1024);
            Fleet.row("GET /api/v1/module-status polls, latency p50 / p90 / max", "%d, %s", polls,
                    Fleet.percentiles(pollLatencies, 0.9, 1e6, "ms"));
        }
    }

    /** bin/labctl with the admin config of the run. */
    record Labctl(Path root, Path data) {
        Process start(List<String> args, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(root.resolve("bin/labctl").toString(), "--config",
                    data.resolve("admin.labctl.yaml").toString()));
            command.addAll(args);
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }
    }

    // ---- a simulated lab-agent with lab-agent's modules handler ----

    /**
     * lab-agent's modules handler (ModuleAgent, ModuleRuntime, LabdClient of agent/modules), less the OSGi part: a
     * notice or ack whose generation differs from the one last applied queues a pass (one at a time per agent, a
     * notice during a pass queues one more); a pass asks labd what the server should run, downloads the bundles it does
     * not have (size and SHA-256 checked as they arrive), drops those of modules no longer wanted, and marks each module
     * ready; the report goes out with the next heartbeat.
     */
    static final class ModuleAgent extends Fleet.Agent {
        private final Path home;
        private final ExecutorService passes;
        private final AtomicBoolean queued = new AtomicBoolean();
        private final Object pass = new Object();
        /** What the agent has: by module, {version, since, files}. */
        private final Map<String, Held> held = new LinkedHashMap<>();
        private volatile String applied;
        private volatile String report = "[]";
        private volatile boolean reportChanged;
        volatile long noticedAt;
        volatile long appliedAt;
        volatile long reportedAt;
        volatile long downloads;
        volatile long failures;
        private volatile String lastNoticed;
        /** How long labd took to answer GET /api/v1/agent/modules, and to send a bundle, in ns (all agents, this step). */
        static final List<Long> listLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
        static final List<Long> fileLatencies = java.util.Collections.synchronizedList(new ArrayList<>());

        record Held(String version, String state, String since, List<Path> files) {
        }

        ModuleAgent(Fleet fleet, String name, Fleet.Keys keys, long phaseMs, Path home, ExecutorService passes) {
            super(fleet, name, keys, phaseMs);
            this.home = home;
            this.passes = passes;
        }

        void resetTimes() {
            noticedAt = 0;
            appliedAt = 0;
            reportedAt = 0;
            downloads = 0;
            failures = 0;
        }

        @Override
        protected String reports() {
            if (reportChanged) {
                reportChanged = false;
                reportedAt = System.nanoTime();
            }
            return "{\"modules\":" + report + "}";
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void received(String text, boolean ack) {
            Object notices = ((Map<String, Object>) new Fleet.Json(text).value()).get("notices");
            if (!(notices instanceof Map<?, ?> topics) || !(topics.get("modules") instanceof Map<?, ?> modules)
                    || !(modules.get("generation") instanceof String generation)) {
                return;
            }
            if (!generation.equals(applied)) {
                if (!generation.equals(lastNoticed)) {
                    lastNoticed = generation;
                    noticedAt = System.nanoTime();
                }
                if (queued.compareAndSet(false, true)) {
                    passes.execute(this::pass);
                }
            }
        }

        private void pass() {
            synchronized (pass) {
                queued.set(false);
                try {
                    apply();
                } catch (Exception e) {
                    failures++;
                    System.err.println(name + ": modules pass failed: " + e);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void apply() throws Exception {
            HttpClient http = http();
            URI labd = fleet.server;
            long asked = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(https(labd, "/api/v1/agent/modules"))
                    .timeout(Duration.ofSeconds(60)).header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET /api/v1/agent/modules: " + response.statusCode() + " " + response.body());
            }
            listLatencies.add(System.nanoTime() - asked);
            Map<String, Object> desired = (Map<String, Object>) new Fleet.Json(response.body()).value();
            String generation = Fleet.str(desired, "generation");
            List<Map<String, Object>> modules = (List<Map<String, Object>>) desired.get("modules");
            List<String> wanted = new ArrayList<>();
            for (Map<String, Object> module : modules) {
                String name = Fleet.str(module, "name");
                String version = Fleet.str(module, "version");
                wanted.add(name);
                Held have = held.get(name);
                if (have != null && have.version().equals(version) && have.state().equals("ready")) {
                    continue;
                }
                held.put(name, new Held(version, "installing", Instant.now().toString(), List.of()));
                publish();
                List<Path> files = new ArrayList<>();
                for (Map<String, Object> bundle : (List<Map<String, Object>>) module.get("bundles")) {
                    Path target = home.resolve(name + "-" + version).resolve(Fleet.str(bundle, "file"));
                    download(http, https(labd, Fleet.str(bundle, "url")), target, Fleet.str(bundle, "sha256"),
                            ((Number) bundle.get("size")).longValue());
                    files.add(target);
                }
                if (have != null) {
                    delete(have);
                }
                held.put(name, new Held(version, "ready", Instant.now().toString(), files));
            }
            for (String name : new ArrayList<>(held.keySet())) {
                if (!wanted.contains(name)) {
                    delete(held.remove(name));
                }
            }
            applied = generation;
            appliedAt = System.nanoTime();
            publish();
        }

        /** The bundle's bytes to {@code target}, checked against the size and SHA-256 labd pinned, as LabdClient does. */
        private void download(HttpClient http, URI url, Path target, String sha256, long size) throws Exception {
            long asked = System.nanoTime();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Files.createDirectories(target.getParent());
            Path part = target.resolveSibling("." + target.getFileName() + ".part");
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("labd answered HTTP " + response.statusCode() + " for " + url.getPath());
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                long length = 0;
                try (OutputStream out = Files.newOutputStream(part)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        length += n;
                        if (length > size) {
                            throw new IOException("labd sent more than the " + size + " bytes pinned for " + target.getFileName());
                        }
                        digest.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (length != size || !actual.equals(sha256)) {
                    throw new IOException(target.getFileName() + ": " + length + " bytes with SHA-256 " + actual + ", pinned "
                            + size + " bytes with " + sha256);
                }
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fileLatencies.add(System.nanoTime() - asked);
                downloads++;
            } finally {
                Files.deleteIfExists(part);
            }
        }

        private static void delete(Held held) throws IOException {
            for (Path file : held.files()) {
                Files.deleteIfExists(file);
            }
            if (!held.files().isEmpty()) {
                Files.deleteIfExists(held.files().get(0).getParent());
            }
        }

        /** The report for the next heartbeat: ModuleStatus.report of agent/modules for each module held. */
        private void publish() {
            StringBuilder json = new StringBuilder("[");
            held.forEach((name, h) -> {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append("{\"name\":").append(Fleet.quote(name)).append(",\"version\":").append(Fleet.quote(h.version()))
                        .append(",\"state\":").append(Fleet.quote(h.state())).append(",\"health\":")
                        .append(h.state().equals("ready") ? "{\"status\":\"HEALTHY\",\"message\":\"bundles in place\",\"checks\":[]}" : "null")
                        .append(",\"error\":null,\"since\":").append(Fleet.quote(h.since())).append('}');
            });
            report = json.append(']').toString();
            reportChanged = true;
        }

        private static URI https(URI labd, String path) throws IOException {
            URI uri = labd.resolve(path);
            if (!"https".equals(uri.getScheme()) || !labd.getRawAuthority().equals(uri.getRawAuthority())) {
                throw new IOException(path + " is not a path on labd");
            }
            return uri;
        }
    }
}
