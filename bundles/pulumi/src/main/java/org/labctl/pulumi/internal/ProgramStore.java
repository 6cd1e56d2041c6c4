package org.labctl.pulumi.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarFile;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Database;

/**
 * Programs' jars, named by their SHA-256: in the database in chunks of 1 MiB (so any instance can run them), and on
 * each instance's disk once it has run or received them. A jar passes through a file, never whole through memory: a
 * program with the Pulumi SDK and a provider's SDK inside is tens of MiB.
 */
final class ProgramStore {

    static final int CHUNK = 1024 * 1024;

    private final Database database;
    private final SqlSessionFactory sessions;
    private final Path dir;

    ProgramStore(Database database, SqlSessionFactory sessions, Path dir) {
        this.database = database;
        this.sessions = sessions;
        this.dir = dir;
    }

    boolean has(String sha256) {
        return database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).hasProgram(sha256));
    }

    /**
     * Keeps the jar {@code body} brings, checked against the SHA-256 it is named by and read as a runnable jar.
     *
     * @return whether it was new
     */
    boolean put(String sha256, InputStream body, long max, String by) throws IOException {
        Files.createDirectories(dir);
        Path received = Files.createTempFile(dir, "upload-", ".jar");
        try {
            MessageDigest digest = sha256Digest();
            long size;
            try (InputStream in = new DigestInputStream(body, digest); OutputStream out = Files.newOutputStream(received)) {
                size = copy(in, out, max);
            }
            if (size == 0) {
                throw new InvalidArgument("the program is empty: send the program's jar");
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new InvalidArgument("the program's SHA-256 is " + actual + ", not " + sha256 + " as its address says");
            }
            checkRunnable(received);
            if (has(sha256)) {
                return false;
            }
            int chunks = (int) ((size + CHUNK - 1) / CHUNK);
            boolean inserted = database.transaction(sessions, s -> {
                PulumiMapper mapper = s.getMapper(PulumiMapper.class);
                if (mapper.insertProgram(sha256, size, chunks, by) == 0) {
                    return false; // another upload of the same jar won
                }
                try (InputStream in = Files.newInputStream(received)) {
                    for (int seq = 0; seq < chunks; seq++) {
                        mapper.insertChunk(sha256, seq, in.readNBytes(CHUNK));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
            Files.move(received, jar(sha256), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return inserted;
        } finally {
            Files.deleteIfExists(received);
        }
    }

    /** The program's jar on this instance's disk, written from the database the first time and checked. */
    Path local(String sha256) throws IOException {
        Path jar = jar(sha256);
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(dir);
        Path fresh = Files.createTempFile(dir, "fetch-", ".jar");
        try {
            MessageDigest digest = sha256Digest();
            Integer chunks = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).programChunks(sha256));
            if (chunks == null) {
                throw new IllegalStateException("program " + sha256 + " is not in the database");
            }
            try (OutputStream out = Files.newOutputStream(fresh)) {
                for (int seq = 0; seq < chunks; seq++) {
                    int n = seq;
                    PulumiMapper.Chunk chunk = database.transaction(sessions, s -> s.getMapper(PulumiMapper.class).chunk(sha256, n));
                    byte[] data = chunk == null ? null : chunk.data();
                    if (data == null) {
                        throw new IllegalStateException("program " + sha256 + " is missing its part " + n + " in the database");
                    }
                    digest.update(data);
                    out.write(data);
                }
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
                throw new IllegalStateException("program " + sha256 + " is damaged in the database: its SHA-256 differs");
            }
            Files.move(fresh, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return jar;
        } finally {
            Files.deleteIfExists(fresh);
        }
    }

    private Path jar(String sha256) {
        return dir.resolve(sha256 + ".jar");
    }

    /** A program is a jar the language host runs with {@code java -jar}: it must name its Main-Class. */
    private static void checkRunnable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null || file.getManifest().getMainAttributes().getValue("Main-Class") == null) {
                throw new InvalidArgument("the program is not a runnable jar: its manifest names no Main-Class (build it "
                        + "with the shade plugin, as the README's \"Writing a program\" shows)");
            }
        } catch (IOException e) {
            throw new InvalidArgument("the program is not a jar: " + e.getMessage());
        }
    }

    private static long copy(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                throw new InvalidArgument("the program is larger than " + (max >> 20) + " MiB");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
