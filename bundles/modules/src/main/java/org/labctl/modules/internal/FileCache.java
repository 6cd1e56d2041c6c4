package org.labctl.modules.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.labctl.api.Conflict;
import org.labctl.api.module.ArtifactDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of module versions, copied from the database into labd's data directory by their SHA-256, so that an
 * instance reads each from the database once. Every read checks the bytes against the digest pinned when the module
 * was added, whether they come from the copy or from the database: a copy that changed is dropped and read again, and a
 * stored file that changed is refused loudly ({@link Conflict}, and an error in labd's log).
 */
final class FileCache {

    private static final Logger LOG = LoggerFactory.getLogger(FileCache.class);

    private final Path directory;
    private final BiFunction<String, String, byte[]> stored;
    /** A lock per digest being fetched from the database. */
    private final Map<String, Object> fetching = new ConcurrentHashMap<>();

    /**
     * @param directory where the copies go
     * @param stored    a file's bytes as the database holds them, by version id and file name (null when gone)
     */
    FileCache(Path directory, BiFunction<String, String, byte[]> stored) {
        this.directory = directory;
        this.stored = stored;
    }

    /**
     * The file's bytes, verified. The first reads of a file that has no copy yet (a rollout sends every agent for the
     * same new bundle at once) fetch it from the database once: the others wait for that copy.
     */
    byte[] read(String versionId, ModuleCatalog.File file) {
        Path copy = directory.resolve(file.sha256());
        byte[] kept = copy(copy, file);
        if (kept != null) {
            return kept;
        }
        Object lock = fetching.computeIfAbsent(file.sha256(), digest -> new Object());
        try {
            synchronized (lock) {
                kept = copy(copy, file);
                return kept != null ? kept : fetch(versionId, file, copy);
            }
        } finally {
            fetching.remove(file.sha256(), lock);
        }
    }

    /** The copy's bytes when it is there and intact; a copy that changed is dropped. */
    private static byte[] copy(Path copy, ModuleCatalog.File file) {
        try {
            if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(copy);
            if (ArtifactDigest.sha256(bytes).equals(file.sha256())) {
                return bytes;
            }
            LOG.warn("the copy of module file {} in {} changed (its SHA-256 is not {}): reading it again from the database",
                    file.name(), copy, file.sha256());
            Files.deleteIfExists(copy);
            return null;
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read module file " + file.name() + ": " + e.getMessage(), e);
        }
    }

    private byte[] fetch(String versionId, ModuleCatalog.File file, Path copy) {
        byte[] bytes = stored.apply(versionId, file.name());
        if (bytes == null) {
            throw new org.labctl.api.NotFoundException("module file " + file.name() + " is gone (the module changed meanwhile)");
        }
        String actual = ArtifactDigest.sha256(bytes);
        if (!actual.equals(file.sha256())) {
            LOG.error("REFUSED: module file {} in the database is not the file that was pinned: SHA-256 {}, pinned {}",
                    file.name(), actual, file.sha256());
            throw new Conflict("module file " + file.name() + " is not the file that was pinned (SHA-256 " + actual
                    + ", pinned " + file.sha256() + "): labd refuses it; add the module again from its source");
        }
        keep(copy, bytes);
        return bytes;
    }

    private void keep(Path copy, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".part-", "");
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.debug("no copy of a module file in {}: {}", directory, e.toString()); // served from the database next time too
        }
    }
}
