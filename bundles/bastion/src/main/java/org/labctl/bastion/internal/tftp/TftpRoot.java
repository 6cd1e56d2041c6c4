package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory a {@link TftpServer} serves, and the only one: a requested name is read relative
 * to it and the file it finally names, symbolic links followed, must lie inside it.
 *
 * <p>Names are taken as tftpd-hpa takes them: leading {@code /} are stripped, so {@code /pxelinux.0}
 * is the root's {@code pxelinux.0} and {@code /etc/passwd} its {@code etc/passwd}; {@code \} is read
 * as {@code /}, as Windows boot loaders write paths; empty and {@code .} segments are skipped. A
 * {@code ..} segment is refused outright (error 2), whatever it would lead to. A symbolic link is
 * followed and what it finally points to ({@link Path#toRealPath}) must be inside the root, or the
 * request is refused (error 2). Only regular files are served. Error messages name nothing but the
 * rule that was broken.
 *
 * <p>A name is checked, then its real path opened without following a link at its end; someone who
 * can write into the root can still swap a directory for a link between the two, so the root must be
 * writable only by the bastion's operators.
 */
final class TftpRoot {

    private final Path realRoot;

    TftpRoot(Path root) throws IOException {
        Path real = root.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException("TFTP root " + root + " is not a directory");
        }
        this.realRoot = real;
    }

    Path path() {
        return realRoot;
    }

    /**
     * Opens the requested file for reading.
     *
     * @throws TftpException error 1 when there is no such regular file, 2 when the name leaves the
     *                       root or the file cannot be read
     */
    FileChannel open(String filename) throws TftpException {
        Path real = resolve(filename);
        try {
            return FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: the file is not readable");
        } catch (IOException e) {
            throw notFound();
        }
    }

    /** The real path of the requested file, inside the root. */
    Path resolve(String filename) throws TftpException {
        Path path = realRoot;
        boolean named = false;
        try {
            for (String segment : filename.replace('\\', '/').split("/")) {
                if (segment.equals("..")) {
                    throw new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: \"..\" is not allowed in file names");
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
            throw new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: the file is not readable");
        } catch (NoSuchFileException e) {
            throw notFound();
        } catch (IOException e) {
            throw notFound(); // a loop of links, a name too long, a directory used as a file
        }
        if (!real.startsWith(realRoot)) {
            throw new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: the file is outside the TFTP root");
        }
        if (!attributes.isRegularFile()) {
            throw notFound();
        }
        return real;
    }

    private static TftpException notFound() {
        return new TftpException(TftpPackets.FILE_NOT_FOUND, "file not found");
    }
}
