package org.labctl.module.k3s.common;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A file the module runs or installs (k3s's install script, the k3s binary), fetched from an https URL or copied from
 * a local file, and pinned by its SHA-256: nothing is kept, let alone run, unless its digest is the one configured.
 */
public final class Artifact {

    private Artifact() {
    }

    /**
     * Fetches {@code source} into {@code target} (replacing it) once its SHA-256 is {@code sha256}.
     *
     * @param name    what the artifact is, for messages ({@code installer})
     * @param source  an {@code https://} URL or an absolute path of a local file
     * @param sha256  the digest it must have, 64 hex digits
     * @param timeout how long the download may take, connection included
     * @throws IllegalArgumentException when the source is neither, or the digest does not match (both digests named);
     *                                  then {@code target} does not exist
     * @throws IOException              when it cannot be fetched (the HTTP status or the I/O error)
     */
    public static void fetch(String name, String source, String sha256, Path target, Duration timeout)
            throws IOException, InterruptedException {
        String expected = sha256.toLowerCase(Locale.ROOT);
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(target);
        Files.createDirectories(target.getParent());
        try {
            if (source.startsWith("https://")) {
                download(name, URI.create(source), partial, timeout);
            } else if (source.startsWith("/")) {
                Files.copy(Path.of(source), partial, StandardCopyOption.REPLACE_EXISTING);
            } else {
                throw new IllegalArgumentException(name + ": '" + source + "' is neither an https:// URL nor an absolute path");
            }
            String actual = sha256(partial);
            if (!actual.equals(expected)) {
                throw new IllegalArgumentException(name + " " + source + " has SHA-256 " + actual + ", but " + name
                        + "Sha256 pins " + expected + ": refused, nothing was run (check the file, or pin its new digest)");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The SHA-256 of the file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void download(String name, URI uri, Path into, Duration timeout) throws IOException, InterruptedException {
        // redirects are followed from https to https only (Redirect.NORMAL never goes from https to http)
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<Path> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofFile(into));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(name + " " + uri + ": no answer within " + timeout.toSeconds() + " s", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(name + " " + uri + " answered HTTP " + response.statusCode());
        }
    }
}
