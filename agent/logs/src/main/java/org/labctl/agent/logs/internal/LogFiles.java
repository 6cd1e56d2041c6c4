package org.labctl.agent.logs.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files {@code labctl logs server/NAME --file PATH} may read (issue 6, not wired yet): those
 * under the directories the agent allows ({@code /var/log} by default). A path is resolved the way
 * the kernel would open it, symbolic links and {@code ..} included, before it is compared, so
 * neither can lead out of an allowed directory.
 */
final class LogFiles {

    private final List<Path> roots;

    /** @param allowed the allowed directories; each is resolved to its real path once (missing ones are left out) */
    LogFiles(List<Path> allowed) {
        List<Path> real = new ArrayList<>();
        for (Path root : allowed) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // a directory that does not exist allows nothing
            }
        }
        this.roots = List.copyOf(real);
    }

    /** The directories files may be read from, as real paths. */
    List<Path> roots() {
        return roots;
    }

    /**
     * The real path of a regular file under an allowed directory.
     *
     * @throws IllegalArgumentException with a message for the user: not absolute, missing, not a
     *                                  regular file, or outside the allowed directories
     */
    Path resolve(String requested) {
        if (requested == null || requested.isBlank() || requested.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("--file needs the absolute path of a log file, such as /var/log/syslog");
        }
        Path path = Path.of(requested);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("--file needs an absolute path, not " + requested);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + requested + " on this server");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open " + requested + ": " + e.getMessage());
        }
        boolean allowed = roots.stream().anyMatch(real::startsWith);
        if (!allowed) {
            throw new IllegalArgumentException("this agent reads log files only under " + roots + "; " + requested
                    + " is outside them (links and .. are followed before this check)");
        }
        if (!Files.isRegularFile(real)) {
            throw new IllegalArgumentException(requested + " is not a regular file");
        }
        return real;
    }
}
