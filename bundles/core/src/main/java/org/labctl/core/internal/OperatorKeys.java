package org.labctl.core.internal;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;

/**
 * The operators' SSH keys in Karaf's {@code etc/keys.properties}, which Karaf's
 * {@code PublickeyLoginModule} (realm {@code karaf}) reads at every login: one line
 * {@code NAME = <base64 key blob>,_g_:operatorgroup} per operator. Karaf 4.4 checks RSA, DSA and
 * ECDSA keys only, so an Ed25519 key is refused here rather than failing every login.
 */
public final class OperatorKeys {

    /** The Karaf group operators get: the SSH console and Karaf's read-only commands; labd's RBAC decides {@code lab:*}. */
    public static final String GROUP = "operatorgroup";
    static final String GROUP_LINE = "_g_\\:" + GROUP + " = group,viewer,ssh";
    private static final Set<String> TYPES = Set.of("ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,62}");

    private OperatorKeys() {
    }

    /**
     * The base64 blob of an OpenSSH public key line ({@code type base64 [comment]}).
     *
     * @throws InvalidArgument when it is not one, or of a type Karaf cannot check
     */
    static String blob(String publicKey) {
        String[] words = publicKey == null ? new String[0] : publicKey.trim().split("\\s+");
        if (words.length < 2) {
            throw new InvalidArgument("--key takes an OpenSSH public key line, like the content of ~/.ssh/id_ecdsa.pub "
                    + "('ecdsa-sha2-nistp256 AAAA… comment')");
        }
        if (!TYPES.contains(words[0])) {
            throw new InvalidArgument("Karaf's console checks " + String.join(", ", TYPES.stream().sorted().toList())
                    + " keys, not " + words[0] + ": make one with ssh-keygen -t ecdsa");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(words[1]);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte[] type = new byte[in.readInt()];
            in.readFully(type);
            if (!words[0].equals(new String(type, StandardCharsets.US_ASCII))) {
                throw new InvalidArgument("the key's data is of type " + new String(type, StandardCharsets.US_ASCII)
                        + ", not " + words[0] + " as its line says");
            }
        } catch (IllegalArgumentException | IOException | NegativeArraySizeException e) {
            throw new InvalidArgument("the key's data is not an OpenSSH public key (base64 after the type): " + e.getMessage());
        }
        return words[1];
    }

    /** A valid operator name: a labd user name. */
    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument("operator name '" + (name == null ? "" : name) + "' is not valid: it is the labd user the "
                    + "operator acts as (lower case letters, digits, '.', '_' and '-', starting with a letter)");
        }
        return name;
    }

    /**
     * Registers {@code publicKey} for {@code name} in {@code file} (replacing the key the name had),
     * adding the operators' group line when missing; written whole to a temporary file and moved.
     *
     * @return whether the name had a key before
     */
    public static boolean add(Path file, String name, String publicKey) {
        String operator = name(name);
        String line = operator + " = " + blob(publicKey) + ",_g_:" + GROUP;
        try {
            List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
            boolean replaced = false;
            boolean group = false;
            Pattern own = Pattern.compile("\\s*" + Pattern.quote(operator) + "\\s*[=:].*");
            for (int i = 0; i < lines.size(); i++) {
                if (own.matcher(lines.get(i)).matches()) {
                    lines.set(i, line);
                    replaced = true;
                }
                group |= lines.get(i).trim().startsWith("_g_\\:" + GROUP);
            }
            if (!group) {
                lines.add(GROUP_LINE);
            }
            if (!replaced) {
                lines.add(line);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return replaced;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
