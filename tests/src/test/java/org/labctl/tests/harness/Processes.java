package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What runs on this machine: the agents of the tests run their commands here, so tests look for them. */
public final class Processes {

    private Processes() {
    }

    /** The processes running {@code program} with arguments that contain {@code marker}. */
    public static List<ProcessHandle> running(String program, String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
    }

    /** A field of /proc/PID/status or /proc/PID/io, such as {@code VmRSS} (in KiB there) or {@code wchar}. */
    public static long procField(long pid, String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), file))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no " + field + " in /proc/" + pid + "/" + file);
    }
}
