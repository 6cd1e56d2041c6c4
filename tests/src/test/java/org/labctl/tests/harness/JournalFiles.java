package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real journal files for tests: entries written in the journal export format and turned into a
 * journal file by systemd-journal-remote (Debian package systemd-journal-remote), in a directory
 * that journalctl reads with {@code --directory} (lab-agent's {@code --journal-dir}).
 */
public final class JournalFiles {

    private static final String BOOT = "0123456789abcdef0123456789abcdef";
    private static final AtomicLong MONOTONIC = new AtomicLong(1_000_000);
    private static final AtomicLong FILES = new AtomicLong();

    /** One journal entry: a service's message ({@code unit} set) or the kernel's ({@code unit} null). */
    public record Entry(Instant time, String unit, int priority, String message) {
    }

    private JournalFiles() {
    }

    /** systemd-journal-remote, or an error that says which package to install. */
    public static String remote() {
        for (String candidate : List.of("/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("systemd-journal-remote is missing: apt-get install systemd-journal-remote (.ci/run does)");
    }

    /** Writes the entries as a new journal file in {@code dir}, which journalctl then sees (also while following). */
    public static void write(Path dir, List<Entry> entries) {
        try {
            Files.createDirectories(dir);
            StringBuilder export = new StringBuilder();
            for (Entry entry : entries) {
                long micros = entry.time().getEpochSecond() * 1_000_000 + entry.time().getNano() / 1_000;
                export.append("__REALTIME_TIMESTAMP=").append(micros).append('\n')
                        .append("__MONOTONIC_TIMESTAMP=").append(MONOTONIC.incrementAndGet()).append('\n')
                        .append("_BOOT_ID=").append(BOOT).append('\n')
                        .append("_HOSTNAME=test-host\n")
                        .append("PRIORITY=").append(entry.priority()).append('\n')
                        .append("MESSAGE=").append(entry.message()).append('\n');
                if (entry.unit() == null) {
                    export.append("SYSLOG_IDENTIFIER=kernel\n_TRANSPORT=kernel\n");
                } else {
                    String name = entry.unit().replace(".service", "");
                    export.append("_SYSTEMD_UNIT=").append(entry.unit()).append('\n')
                            .append("SYSLOG_IDENTIFIER=").append(name).append('\n')
                            .append("_TRANSPORT=journal\n");
                }
                export.append('\n');
            }
            long n = FILES.incrementAndGet();
            Path input = dir.resolveSibling(dir.getFileName() + "-" + n + ".export");
            Files.writeString(input, export, StandardCharsets.UTF_8);
            Commands.Result written = Commands.run(dir, Map.of(), 60,
                    List.of(remote(), "--output=" + dir.resolve("remote-" + n + ".journal"), input.toString()));
            if (written.exitCode() != 0) {
                throw new AssertionError("systemd-journal-remote failed: " + written);
            }
            Files.delete(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
