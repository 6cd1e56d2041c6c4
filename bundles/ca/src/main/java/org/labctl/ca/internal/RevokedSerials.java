package org.labctl.ca.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The revoked serials an instance last loaded from the database, one hex serial a line, so that
 * after a restart it refuses them from its first handshake on, even while the database is still
 * out of reach. The database stays the only truth; the file is its last echo.
 */
final class RevokedSerials {

    private RevokedSerials() {
    }

    /** The serials in {@code file}, or null when there is none (this instance has never known them). */
    static Set<BigInteger> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().map(String::trim).filter(line -> !line.isEmpty())
                    .map(line -> new BigInteger(line, 16)).collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds something other than hex serials: " + e.getMessage(), e);
        }
    }

    static void write(Path file, Set<BigInteger> serials) throws IOException {
        Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> lines = serials.stream().map(serial -> serial.toString(16)).sorted().toList();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, lines, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
