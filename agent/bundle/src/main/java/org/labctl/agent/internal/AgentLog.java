package org.labctl.agent.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The agent's log: one line per event on standard output, where systemd's journal (or
 * {@code ./lab up}'s log file) picks it up, and in {@code <data>/log/lab-agent.log}, which
 * {@code labctl logs agent/NAME} reads. The file is rotated by rename to {@code lab-agent.log.1}
 * when it reaches {@link #ROTATE_BYTES}. No logging framework: the agent stays small.
 */
final class AgentLog {

    static final long ROTATE_BYTES = 10L * 1024 * 1024;
    private static Path file;
    private static OutputStream out;
    private static long size;

    private AgentLog() {
    }

    /** The agent's log file in its data directory. */
    static Path file(Path data) {
        return data.resolve("log").resolve("lab-agent.log");
    }

    /** From now on, lines go to this file too (created, with its directory, when missing). */
    static synchronized void writeTo(Path path) {
        close();
        try {
            Files.createDirectories(path.getParent());
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            file = path;
            size = Files.size(path);
        } catch (IOException e) {
            System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " lab-agent: cannot write " + path + ": "
                    + e.getMessage());
        }
    }

    static synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing left to tell
            }
            out = null;
            file = null;
        }
    }

    static void info(String message) {
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " lab-agent: " + message;
        System.out.println(line);
        toFile(line);
    }

    private static synchronized void toFile(String line) {
        if (out == null) {
            return;
        }
        try {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            if (size + bytes.length > ROTATE_BYTES) {
                out.close();
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                size = 0;
            }
            out.write(bytes);
            out.flush();
            size += bytes.length;
        } catch (IOException e) {
            out = null; // the disk is full or the file went away: standard output still has the log
        }
    }
}
