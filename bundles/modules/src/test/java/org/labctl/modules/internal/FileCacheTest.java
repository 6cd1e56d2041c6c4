package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.Conflict;
import org.labctl.api.module.ArtifactDigest;

/** The copies of module files in labd's data directory: read from the database once, verified at every read. */
class FileCacheTest {

    private static final byte[] BUNDLE = "the bytes of an agent bundle".getBytes();
    private static final ModuleCatalog.File FILE = new ModuleCatalog.File("x-agent.jar", ArtifactDigest.sha256(BUNDLE), BUNDLE.length);

    @TempDir
    Path directory;

    /**
     * A rollout sends every agent of the fleet for the same new bundle at once: the first read fetches it from the
     * database and keeps the copy, the others wait for that copy instead of each holding a database connection to
     * fetch the same bytes.
     */
    @Test
    void concurrentFirstReadsFetchTheFileFromTheDatabaseOnce() throws Exception {
        int readers = 16;
        CountDownLatch allAsking = new CountDownLatch(readers);
        AtomicInteger fetched = new AtomicInteger();
        FileCache cache = new FileCache(directory, (version, name) -> {
            fetched.incrementAndGet();
            try {
                // the database is slow to answer: every reader has asked meanwhile
                allAsking.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return BUNDLE.clone();
        });
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<byte[]>> reads = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reads.add(pool.submit(() -> {
                    allAsking.countDown();
                    return cache.read("version-1", FILE);
                }));
            }
            for (Future<byte[]> read : reads) {
                assertArrayEquals(BUNDLE, read.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fetched.get(), "the database was asked for the same file by each concurrent reader");
        assertArrayEquals(BUNDLE, Files.readAllBytes(directory.resolve(FILE.sha256())));
    }

    @Test
    void aCopyThatChangedIsReadAgainFromTheDatabase() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        FileCache cache = new FileCache(directory, (version, name) -> {
            fetched.incrementAndGet();
            return BUNDLE.clone();
        });
        assertArrayEquals(BUNDLE, cache.read("version-1", FILE));
        Files.write(directory.resolve(FILE.sha256()), "tampered".getBytes());
        assertArrayEquals(BUNDLE, cache.read("version-1", FILE));
        assertEquals(2, fetched.get());
        assertArrayEquals(BUNDLE, cache.read("version-1", FILE));
        assertEquals(2, fetched.get(), "the good copy is read from the data directory");
    }

    @Test
    void aStoredFileThatChangedIsRefused() {
        FileCache cache = new FileCache(directory, (version, name) -> "not what was pinned".getBytes());
        assertThrows(Conflict.class, () -> cache.read("version-1", FILE));
        assertEquals(false, Files.exists(directory.resolve(FILE.sha256())));
    }
}
