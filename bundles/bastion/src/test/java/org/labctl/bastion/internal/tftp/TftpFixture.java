package org.labctl.bastion.internal.tftp;


import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Test files, a server on the loopback address that records its events, and waiting with a deadline. */
final class TftpFixture implements AutoCloseable {

    final Path root;
    final List<TftpEvent> events = new CopyOnWriteArrayList<>();
    final TftpServer server;

    TftpFixture(Path root, TftpSettings settings) throws IOException {
        this.root = root;
        this.server = TftpServer.start(root, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), settings, events::add);
    }

    int port() {
        return server.port();
    }

    /** A file of {@code size} bytes that are the same on every run. */
    static Path randomFile(Path path, long size, long seed) throws IOException {
        Files.createDirectories(path.getParent());
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return path;
    }

    static String sha256(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code condition} holds, or fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        org.labctl.bastion.internal.Await.until(what, timeout, condition);
    }

    /** The event for {@code filename}, waiting for it to come. */
    TftpEvent awaitEvent(String filename) {
        await("the event of " + filename, Duration.ofSeconds(10),
                () -> events.stream().anyMatch(e -> e.filename().equals(filename)));
        return events.stream().filter(e -> e.filename().equals(filename)).findFirst().orElseThrow();
    }

    /** The sockets this JVM holds open, and the files it holds open under the root. */
    long openSocketsAndFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed meanwhile, or the directory listing itself
                }
            }).filter(target -> target.startsWith("socket:") || target.startsWith(root.toString())).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
