package org.labctl.bastion.internal.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A directory the bastion serves files from (over TFTP and HTTP), and the only one: a requested
 * name is read relative to it, and the file it finally names, symbolic links followed, must lie
 * inside it.
 *
 * <p>Names are taken as tftpd-hpa takes them: leading {@code /} are stripped, {@code \} is read as
 * {@code /} (as Windows boot loaders write paths), empty and {@code .} segments are skipped. A
 * {@code ..} segment is refused outright, whatever it would lead to. A symbolic link is followed and
 * what it finally points to ({@link Path#toRealPath}) must be inside the directory. Only regular
 * files are served. Refusals name nothing but the rule that was broken.
 *
 * <p>A name is checked, then its real path opened without following a link at its end; someone who
 * can write into the directory can still swap a directory for a link between the two, so it must be
 * writable only by the bastion's operators.
 */
public final class BootDirectory {

    /** Why a name was refused: {@link #notFound()} (no such regular file) or an access violation. */
    public static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;
        private final boolean notFound;

        Refused(boolean notFound, String message) {
            super(message);
            this.notFound = notFound;
        }

        public boolean notFound() {
            return notFound;
        }
    }

    private final Path realRoot;

    public BootDirectory(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(root + " is not a directory");
        }
        this.realRoot = real;
    }

    public Path path() {
        return realRoot;
    }

    /** The real path of the requested file, a regular file inside the directory. */
    public Path resolve(String filename) throws Refused {
        Path path = realRoot;
        boolean named = false;
        try {
            for (String segment : filename.replace('\\', '/').split("/")) {
                if (segment.equals("..")) {
                    throw new Refused(false, "\"..\" is not allowed in file names");
                }
                if (!segment.isEmpty() && !segment.equals(".")) {
                    path = path.resolve(segment);
                    named = true;
                }
            }
        } catch (InvalidPathException e) {
            throw notFound();
        }
        if (!named) {
            throw notFound();
        }
        Path real;
        BasicFileAttributes attributes;
        try {
            real = path.toRealPath();
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new Refused(false, "the file is not readable");
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (IOException e) {
            throw notFound(); // a loop of links, a name too long, a directory used as a file
        }
        if (!real.startsWith(realRoot)) {
            throw new Refused(false, "the file is outside the served directory");
        }
        if (!attributes.isRegularFile()) {
            throw notFound();
        }
        return real;
    }

    private static Refused notFound() {
        return new Refused(true, "file not found");
    }
}
