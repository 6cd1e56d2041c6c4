package org.labctl.ca.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where labd's master key comes from: {@code LABD_MASTER_KEY} (32 bytes, base64), else the 0600 file
 * {@code <labd.data>/master.key}, generated on first start. Several labd instances must share it.
 */
final class MasterKey {

    static final String ENV = "LABD_MASTER_KEY";
    static final String FILE = "master.key";
    private static final int BYTES = 32;

    private MasterKey() {
    }

    static SecretKey load(Map<String, String> env, Path dataDirectory) throws IOException {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return decode(fromEnv.trim(), ENV);
        }
        Path file = dataDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            generate(file);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IllegalStateException(file + " is readable by others (" + PosixFilePermissions.toString(permissions)
                    + "): run chmod 600 " + file);
        }
        return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
    }

    private static void generate(Path file) throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(file.getParent());
        try {
            // created 0600 from the start, and never overwritten: another labd may have won the race
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException raced) {
            // the other one's key is as good
        }
    }

    private static SecretKey decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key in " + source + " is not base64: generate one with "
                    + "'head -c 32 /dev/urandom | base64'");
        }
        if (key.length != BYTES) {
            throw new IllegalStateException("the master key in " + source + " has " + key.length + " bytes, it needs "
                    + BYTES + ": generate one with 'head -c 32 /dev/urandom | base64'");
        }
        return new SecretKeySpec(key, "AES");
    }
}
