package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.labctl.api.HealthInfo;

/**
 * A real labd: the built distribution unpacked into a scratch directory and started as its own
 * process ({@code bin/karaf server}), on free ports, with its data directory beside it. On its
 * embedded PostgreSQL it first starts on the binaries and the initdb cluster {@link PreparedPostgres}
 * made once for the run, unless {@link #asShipped()} says to start as a new installation does.
 */
public final class LabdProcess implements AutoCloseable {

    public static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path data;
    private final Map<String, String> env = new HashMap<>();
    private final int port = Ports.free();
    private boolean asShipped;
    private Process process;

    private LabdProcess(Path home, Path data) {
        this.home = home;
        this.data = data;
    }

    /**
     * The distribution as unpacked into {@code dir/labd}; labd's data goes to {@code dir/data}. It is
     * unpacked once per run and copied from there, its {@code system/} repository of bundle jars (86
     * of its 89 MB, only ever read) as hard links: 0.1 s instead of 0.9 s, and less to delete.
     */
    public static LabdProcess unpack(Path dir) {
        Path home = dir.resolve("labd");
        Path unpacked = unpackedOnce();
        try {
            Files.createDirectories(home);
            try (var entries = Files.list(unpacked)) {
                for (Path entry : entries.sorted().toList()) {
                    List<String> cp = entry.getFileName().toString().equals("system")
                            ? List.of("cp", "-a", "--link", entry.toString(), home.toString())
                            : List.of("cp", "-a", entry.toString(), home.toString());
                    Commands.Result copied = Commands.run(dir, Map.of(), 120, cp);
                    if (copied.exitCode() != 0) {
                        throw new IllegalStateException("cannot copy the distribution: " + copied);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabdProcess(home, dir.resolve("data"));
    }

    private static Path unpacked;

    /** The distribution unpacked under {@code labctl.work}, deleted when the test JVM exits. */
    private static synchronized Path unpackedOnce() {
        if (unpacked == null) {
            try {
                Path work = Path.of(System.getProperty("labctl.work", "target/it")).toAbsolutePath();
                Files.createDirectories(work);
                Path dir = Files.createTempDirectory(work, "distribution-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchCleanup.deleteQuietly(dir), "distribution-cleanup"));
                Commands.Result tar = Commands.run(dir, Map.of(), 120,
                        List.of("tar", "xzf", Repo.distribution().toString(), "-C", dir.toString(), "--strip-components=1"));
                if (tar.exitCode() != 0) {
                    throw new IllegalStateException("cannot unpack the distribution: " + tar);
                }
                unpacked = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    public LabdProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * The first start unpacks PostgreSQL and runs initdb itself, as on a new installation, rather
     * than starting on what {@link PreparedPostgres} made for the run.
     */
    public LabdProcess asShipped() {
        asShipped = true;
        return this;
    }

    public LabdProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("labd already runs");
        }
        try {
            Files.createDirectories(data);
            Path postgres = data.resolve("postgres");
            if (!asShipped && !env.containsKey("LABD_DB_URL") && !Files.exists(postgres)) {
                PreparedPostgres.seedEmbedded(postgres);
            }
            ProcessBuilder builder = new ProcessBuilder("bin/karaf", "server").directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("labd.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("LABD_"));
            environment.put("JAVA_HOME", Repo.javaHome());
            environment.put("KARAF_EXEC", "exec");
            environment.put("LABD_DATA", data.toString());
            environment.put("LABD_PORT", Integer.toString(port));
            environment.put("LABD_SSH_PORT", Integer.toString(Ports.free()));
            environment.put("LABD_JMX_REGISTRY_PORT", Integer.toString(Ports.free()));
            environment.put("LABD_JMX_SERVER_PORT", Integer.toString(Ports.free()));
            environment.putAll(env);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "https://127.0.0.1:" + port + path;
    }

    /** The admin's labctl config labd writes on first start. */
    public Path adminConfig() {
        return data.resolve("admin.labctl.yaml");
    }

    /** A GET as the admin (mutual TLS with the config labd wrote). */
    public Http.Response get(String path) {
        return admin().getUnchecked(url(path));
    }

    /** A client that is the admin (mutual TLS with the config labd wrote). */
    public Http admin() {
        if (!Files.exists(adminConfig())) {
            throw new AssertionError("labd has not written " + adminConfig() + " yet");
        }
        return new Http(Tls.context(Tls.Config.read(adminConfig())));
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    public Path data() {
        return data;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The current health answer, whatever its status (200 or 503). */
    public HealthInfo health() {
        Http.Response response = get("/api/v1/health");
        if (response.status() != 200 && response.status() != 503) {
            throw new AssertionError("health answered " + response.status() + ": " + response.body());
        }
        return Json.read(response.body(), HealthInfo.class);
    }

    public HealthInfo awaitHealthy() {
        return awaitHealth("labd healthy", HealthInfo::healthy);
    }

    public HealthInfo awaitHealth(String what, java.util.function.Predicate<HealthInfo> condition) {
        return Await.until(BOOT_TIMEOUT, what + " (log " + home.resolve("data/log/karaf.log") + ")", () -> {
            if (!alive()) {
                throw new AssertionError("labd exited with " + process.exitValue() + "; output:\n" + output());
            }
            if (!Files.exists(adminConfig())) {
                return null;
            }
            HealthInfo health = health();
            return condition.test(health) ? health : null;
        });
    }

    /** SIGTERM, as systemd or ./lab down would; waits until labd has exited. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        waitExit();
    }

    /** SIGKILL: labd gets no chance to clean up. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitExit();
    }

    private void waitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("labd did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String log() {
        return read(home.resolve("data/log/karaf.log"));
    }

    public String output() {
        return read(home.resolve("labd.out"));
    }

    /** The PID of the embedded PostgreSQL, if one runs on this labd's data directory. */
    public Optional<ProcessHandle> embeddedPostgres() {
        Path pidFile = data.resolve("postgres/data/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = read(pidFile).lines().findFirst().orElse("").trim();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (alive()) {
            stop();
        }
        // a labd killed by a test leaves its PostgreSQL behind: leave nothing running
        embeddedPostgres().ifPresent(pg -> {
            pg.destroy();
            pg.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> null).join();
        });
    }
}
