package org.labctl.bastion.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.labctl.bastion.internal.http.BastionHttp;

/**
 * The bastion's log: one line per DHCP, TFTP, HTTP and callback event, what
 * {@code labctl logs bastion/ENV [--mac M]} shows. A line is
 * {@code 2026-11-29T09:12:01.123Z 52:54:00:12:34:56 dhcp REPLIED DISCOVER->OFFER …}, with {@code -}
 * for the MAC of an event nobody could be named for (a malformed datagram). The file
 * ({@value #FILE} in the data directory) is rotated to {@value #FILE}.1 at {@value #ROTATE_BYTES} bytes.
 *
 * <p>Writing is one short append per event, on the caller's thread (the DHCP and TFTP loops): the
 * file is opened once and not forced to disk.
 */
public final class EventLog implements BastionHttp.Events, AutoCloseable {

    public static final String FILE = "events.log";
    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static final int LINE_MAX = 1024;

    private final Path file;
    private final Clock clock;
    private OutputStream out;
    private long size;

    private EventLog(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        open();
    }

    public static EventLog open(Path dataDir, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        return new EventLog(dataDir.resolve(FILE), clock);
    }

    public Path file() {
        return file;
    }

    @Override
    public void event(String mac, String message) {
        String line = clock.instant() + " " + (mac == null || mac.isEmpty() ? "-" : mac) + " " + clean(message) + "\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                if (size + bytes.length > ROTATE_BYTES) {
                    out.close();
                    Files.move(file, file.resolveSibling(FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    open();
                }
                out.write(bytes);
                out.flush();
                size += bytes.length;
            } catch (IOException e) {
                // the log must not stop the protocol loops that call it; the next event tries again
                Log.of(EventLog.class).warn("cannot write the bastion's event log {}: {}", file, e.toString());
            }
        }
    }

    /** The last {@code count} lines (all when count &lt; 0) about {@code mac} (every line when null), oldest first. */
    public List<String> tail(String mac, int count) throws IOException {
        Predicate<String> wanted = matcher(mac);
        Deque<String> kept = new ArrayDeque<>();
        for (Path part : List.of(file.resolveSibling(FILE + ".1"), file)) {
            if (!Files.exists(part)) {
                continue;
            }
            for (String line : Files.readAllLines(part, StandardCharsets.UTF_8)) {
                if (wanted.test(line)) {
                    kept.addLast(line);
                    if (count >= 0 && kept.size() > count) {
                        kept.removeFirst();
                    }
                }
            }
        }
        return new ArrayList<>(kept);
    }

    /** The current end of the file, where a follower starts. */
    public synchronized long end() {
        return size;
    }

    /**
     * The whole lines about {@code mac} written after {@code offset}; returns the offset to read
     * from next. When the file was rotated since (it is shorter than the offset), reading starts
     * again at its beginning.
     */
    public long read(long offset, String mac, List<String> into) throws IOException {
        Predicate<String> wanted = matcher(mac);
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = offset > length ? 0 : offset;
            if (from == length) {
                return from;
            }
            byte[] bytes = new byte[(int) Math.min(length - from, 4L * 1024 * 1024)];
            in.seek(from);
            in.readFully(bytes);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                    if (wanted.test(line)) {
                        into.add(line);
                    }
                    start = i + 1;
                }
            }
            return from + start;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    private static Predicate<String> matcher(String mac) {
        if (mac == null) {
            return line -> true;
        }
        String field = " " + mac + " ";
        return line -> {
            int space = line.indexOf(' ');
            return space >= 0 && line.startsWith(field, space);
        };
    }

    /** One line, printable, bounded: what a client sent (a file name, a reason) cannot forge lines. */
    static String clean(String message) {
        StringBuilder clean = new StringBuilder(Math.min(message.length(), LINE_MAX));
        for (int i = 0; i < message.length() && clean.length() < LINE_MAX; i++) {
            char c = message.charAt(i);
            clean.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return clean.toString();
    }
}
