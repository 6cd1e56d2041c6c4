package org.labctl.api.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;

/**
 * The SHA-256 of a module's files, as lowercase hex (what {@code sha256sum} prints): labd pins each file
 * of a module by it when the module is added, and labd and the agents check it again whenever they load
 * the file. The same code on every side, so that a digest means the same everywhere.
 */
public final class ArtifactDigest {

    /** The algorithm, as {@link MessageDigest} names it. */
    public static final String ALGORITHM = "SHA-256";
    /** Characters of a digest in hex. */
    public static final int LENGTH = 64;

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_NAME_SHOWN = 200;

    private ArtifactDigest() {
    }

    /** The SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** The SHA-256 of what is left in {@code in}, read to its end (and not closed). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of the file's contents. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** Whether {@code text} is a SHA-256 in hex: 64 hex digits, either case. */
    public static boolean isSha256(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code digest} as this class writes digests (lowercase).
     *
     * @throws InvalidArgument when it is not 64 hex digits; {@code what} names it in the message
     */
    public static String normalize(String what, String digest) {
        if (!isSha256(digest)) {
            throw new InvalidArgument("the SHA-256 of " + shown(what) + " must be " + LENGTH + " hex digits (as sha256sum "
                    + "prints it), not '" + shown(digest) + "'");
        }
        return digest.toLowerCase(Locale.ROOT);
    }

    /**
     * Checks that the file's contents have the pinned digest.
     *
     * @throws Conflict        when they do not: the message names the file, the pinned and the actual digest
     * @throws InvalidArgument when {@code expected} is not a SHA-256
     */
    public static void verify(Path file, String expected) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String pinned = normalize(name, expected);
        check(name, pinned, sha256(file));
    }

    /**
     * Checks that what is left in {@code in} (read to its end, not closed) has the pinned digest.
     *
     * @param name the file's name, for the message
     * @throws Conflict        when it does not: the message names the file, the pinned and the actual digest
     * @throws InvalidArgument when {@code expected} is not a SHA-256
     */
    public static void verify(String name, InputStream in, String expected) throws IOException {
        String pinned = normalize(name, expected);
        check(name, pinned, sha256(in));
    }

    /**
     * Checks that a digest computed elsewhere is the pinned one.
     *
     * @throws Conflict        when it is not: the message names the file, the pinned and the actual digest
     * @throws InvalidArgument when {@code expected} or {@code actual} is not a SHA-256
     */
    public static void verify(String name, String expected, String actual) {
        check(name, normalize(name, expected), normalize(name, actual));
    }

    private static void check(String name, String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new Conflict(shown(name) + " is not the file that was pinned: its SHA-256 is " + actual + ", expected "
                    + expected + "; it changed after it was added and is refused (add it again if the change is meant)");
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }

    /** The text for a message: control characters escaped, cut when long. */
    private static String shown(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < text.length() && shown.length() < MAX_NAME_SHOWN; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return i < text.length() ? shown + "..." : shown.toString();
    }
}
