package org.labctl.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The labctl config of a new user, which holds the user's private key. It is written to a
 * temporary file beside the target, created 0600 (never readable by others, not even for a
 * moment), then put in place in one step: a reader sees no file or the whole file, and a failure
 * leaves nothing behind. The temporary file is made before labd is asked, so that a directory
 * labctl cannot write to fails the command before a user exists whose key would be lost.
 */
public final class UserConfigFile implements AutoCloseable {

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path target;
    private final boolean replace;
    private final Path temporary;
    private boolean committed;

    private UserConfigFile(Path target, boolean replace, Path temporary) {
        this.target = target;
        this.replace = replace;
        this.temporary = temporary;
    }

    /**
     * Claims {@code file} for a new config.
     *
     * @param replace whether an existing file may be replaced ({@code --force})
     * @throws LabctlException (exit code 1) when the file exists and may not be replaced, or when
     *                         its directory cannot be written
     */
    public static UserConfigFile create(Path file, boolean replace) {
        Path target = file.toAbsolutePath().normalize();
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new LabctlException(ExitCode.ERROR, file + " already exists: pass --force to replace it, "
                    + "or --out FILE to write the config elsewhere");
        }
        if (Files.isDirectory(target)) {
            throw new LabctlException(ExitCode.ERROR, file + " is a directory: pass --out FILE with a file name");
        }
        Path directory = target.getParent();
        try {
            Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", OWNER_ONLY);
            return new UserConfigFile(target, replace, temporary);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot write a file in " + directory + ": " + reason(e)
                    + ": pass --out FILE in a directory you can write to", e);
        }
    }

    /** The config: the same layout labd writes the admin's in, read back by {@link ClientConfigLoader}. */
    public static String yaml(URI server, String user, String caPem, String certificatePem, String keyPem, Path file) {
        return "# labctl config for user " + user + ", written by labctl create user. Keep it secret:\n"
                + "# it holds " + user + "'s private key. Use it with: export " + ClientConfigLoader.CONFIG_ENV + "="
                + file.toAbsolutePath().normalize() + "\n"
                + "server: " + server + "\n"
                + "user: " + user + "\n"
                + "ca: |\n" + indent(caPem)
                + "cert: |\n" + indent(certificatePem)
                + "key: |\n" + indent(keyPem);
    }

    /** Writes {@code content} and puts the file in place. */
    public void commit(String content) {
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                linkInPlace();
            }
            committed = true;
        } catch (FileAlreadyExistsException e) {
            throw new LabctlException(ExitCode.ERROR, target + " appeared while labctl was writing it: pass --force "
                    + "to replace it, or --out FILE to write the config elsewhere", e);
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * A link, unlike a rename, fails when the name is taken: a file made since {@link #create} stays.
     * A file system without hard links gets a rename after one more look.
     */
    private void linkInPlace() throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException taken) {
            throw taken;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Files.delete(temporary);
    }

    /** Removes the temporary file unless the config was put in place. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            if (!committed) {
                throw new LabctlException(ExitCode.ERROR, "cannot remove " + temporary + ": " + reason(e)
                        + ": remove it by hand", e);
            }
        }
    }

    private static String indent(String pem) {
        StringBuilder out = new StringBuilder();
        pem.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such directory";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
