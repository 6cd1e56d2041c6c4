package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.labctl.bastion.internal.files.BootDirectory;

/**
 * The directory a {@link TftpServer} serves, confined as {@link BootDirectory} says, with its
 * refusals as TFTP errors: 1 (file not found) when there is no such regular file, 2 (access
 * violation) for {@code ..}, a link out of the root or a file that cannot be read.
 */
final class TftpRoot {

    private final BootDirectory directory;

    TftpRoot(Path root) throws IOException {
        try {
            this.directory = new BootDirectory(root);
        } catch (NotDirectoryException e) {
            throw new NotDirectoryException("TFTP root " + root + " is not a directory");
        }
    }

    Path path() {
        return directory.path();
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

    /** The real path of the requested file, inside the root ({@link BootDirectory#resolve}). */
    Path resolve(String filename) throws TftpException {
        try {
            return directory.resolve(filename);
        } catch (BootDirectory.Refused refused) {
            throw refused.notFound() ? notFound()
                    : new TftpException(TftpPackets.ACCESS_VIOLATION, "access violation: " + refused.getMessage()
                            .replace("the served directory", "the TFTP root"));
        }
    }

    private static TftpException notFound() {
        return new TftpException(TftpPackets.FILE_NOT_FOUND, "file not found");
    }
}
