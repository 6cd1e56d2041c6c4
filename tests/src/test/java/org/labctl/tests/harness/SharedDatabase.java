package org.labctl.tests.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * One PostgreSQL (started by the test, in {@code dir/pg}) and one master key for several labd
 * instances, as in production behind a Service: {@link #labd} unpacks an instance that uses them.
 */
public final class SharedDatabase implements AutoCloseable {

    private final Path dir;
    private final int port = Ports.free();
    private final String masterKey;
    private EmbeddedPostgres postgres;

    public SharedDatabase(Path dir) {
        this.dir = dir;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.masterKey = Base64.getEncoder().encodeToString(key);
        start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE labd");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database labd: " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of database {@code labd}. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/labd";
    }

    /** A labd in {@code dir/<name>} on this database and master key (not started). */
    public LabdProcess labd(String name) {
        try {
            Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return LabdProcess.unpack(dir.resolve(name)).env("LABD_DB_URL", url()).env("LABD_DB_USER", "postgres")
                .env("LABD_MASTER_KEY", masterKey);
    }

    /** Starts PostgreSQL (again, on the same data and port); the first time on a copy of the run's initdb cluster. */
    public void start() {
        try {
            Path data = dir.resolve("pg");
            if (!Files.exists(data)) {
                PreparedPostgres.copyCluster(data);
            }
            postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data.toFile())
                    .setOverrideWorkingDirectory(PreparedPostgres.runtime().toFile()).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops PostgreSQL (the labd instances lose their database). */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
