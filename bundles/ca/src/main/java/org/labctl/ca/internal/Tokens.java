package org.labctl.ca.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The join token format: {@code LAB1<sha-256 of labd's CA, hex>::<id>.<secret>}. The CA part lets an
 * agent authenticate labd before it sends the token (as kubeadm's discovery hash does); the id
 * finds the stored record; only a SHA-256 of the secret is stored.
 */
final class Tokens {

    static final String PREFIX = "LAB1";
    private static final Pattern FORMAT = Pattern.compile("LAB1([0-9a-f]{64})::([0-9a-f]{32})\\.([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    record Parsed(String caSha256, String id, String secret) {
    }

    private Tokens() {
    }

    /** A new id (32 hex digits, a UUID without dashes) and secret (256 random bits, base64url). */
    static String[] newIdAndSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new String[] {UUID.randomUUID().toString().replace("-", ""),
            Base64.getUrlEncoder().withoutPadding().encodeToString(secret)};
    }

    static String format(String caFingerprint, String id, String secret) {
        return PREFIX + caFingerprint.substring("sha256:".length()) + "::" + id + "." + secret;
    }

    static Optional<Parsed> parse(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(token.trim());
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UUID form of a token id given with or without dashes, or empty when it is not one. */
    static Optional<String> uuid(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String hex = id.trim().toLowerCase(Locale.ROOT).replace("-", "");
        if (!hex.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
