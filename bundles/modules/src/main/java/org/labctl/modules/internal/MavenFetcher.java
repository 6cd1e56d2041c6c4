package org.labctl.modules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.labctl.api.Conflict;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.NotFoundException;
import org.labctl.api.Unavailable;

/**
 * Fetches a module's artifact from Maven repositories over HTTP(S), asking them in order: the first that has it gives
 * it. What it brings is bounded (at most the limit it is given, refused as soon as it is known to be larger), timed
 * (connecting, every read, and the whole download), redirected at most {@value #MAX_REDIRECTS} times (never from https
 * to http, and credentials only ever go to the repository's own origin), and checked against every checksum the
 * repository offers beside it ({@code .sha512}, {@code .sha256}, {@code .sha1}): a mismatch is refused. Credentials
 * never appear in what it says: messages name a repository by its name and URL, which holds none.
 */
public final class MavenFetcher {

    static final int MAX_REDIRECTS = 3;
    private static final int MAX_CHECKSUM_BYTES = 1024;
    /** Strongest first: each one the repository offers is verified. */
    private static final List<String> CHECKSUMS = List.of("sha512", "sha256", "sha1");
    private static final Authenticator NONE = new Authenticator() {
    };

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration totalTimeout;

    /**
     * A repository to ask, with its credentials opened.
     *
     * @param name     its name
     * @param url      its http(s) URL, without credentials
     * @param username the user for HTTP basic authentication, or null
     * @param password that user's password, or null
     */
    public record Repository(String name, String url, String username, String password) {

        @Override
        public String toString() {
            return name + " (" + url + ")";
        }
    }

    /**
     * What was fetched.
     *
     * @param file       where its bytes are (the caller removes it)
     * @param size       how many bytes
     * @param sha256     their SHA-256, lower-case hex
     * @param repository the repository that had it
     * @param verified   the checksums the repository offered, each verified ({@code sha1}, …), strongest first
     */
    public record Fetched(Path file, long size, String sha256, Repository repository, List<String> verified) {
    }

    public MavenFetcher(Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.totalTimeout = totalTimeout;
    }

    /**
     * Fetches {@code coordinates} from the first of {@code repositories} that has it into a new file of {@code directory}.
     *
     * @param limit the most bytes the artifact may have
     * @throws NotFoundException when no repository has it (the message names each repository and what it answered)
     * @throws Conflict          when the artifact does not match a checksum its repository offers
     * @throws LabException      413 when it is larger than {@code limit}
     */
    public Fetched fetch(MavenCoordinates coordinates, List<Repository> repositories, long limit, Path directory)
            throws IOException {
        if (repositories.isEmpty()) {
            throw new NotFoundException(coordinates + " cannot be resolved: labd has no module repositories; add one with "
                    + "labctl modules repos add URL");
        }
        List<String> tried = new ArrayList<>();
        for (Repository repository : repositories) {
            URI base = base(repository.url());
            URI artifact = base.resolve(coordinates.path());
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "artifact-", "." + coordinates.type());
            boolean keep = false;
            try {
                Download download;
                try {
                    download = download(repository, base, artifact, limit, file);
                } catch (IOException e) {
                    tried.add(repository + ": " + unreachable(e));
                    continue;
                }
                if (download.status() != 200) {
                    tried.add(repository + ": " + answered(download.status(), repository));
                    continue;
                }
                List<String> verified = verify(coordinates, repository, base, artifact, download.digests());
                keep = true;
                return new Fetched(file, download.size(), download.digests().get("sha256"), repository, verified);
            } finally {
                if (!keep) {
                    Files.deleteIfExists(file);
                }
            }
        }
        throw new NotFoundException(coordinates + " is in none of labd's module repositories (asked in order): "
                + String.join("; ", tried));
    }

    /** Checks the artifact's digests against each checksum file the repository has beside it. */
    private List<String> verify(MavenCoordinates coordinates, Repository repository, URI base, URI artifact,
                                Map<String, String> digests) {
        List<String> verified = new ArrayList<>();
        for (String algorithm : CHECKSUMS) {
            URI checksum = URI.create(artifact + "." + algorithm);
            Small answer;
            try {
                answer = small(repository, base, checksum);
            } catch (IOException e) {
                throw new Unavailable(coordinates + " from " + repository + " cannot be verified: its ." + algorithm + " "
                        + unreachable(e) + "; nothing was added");
            }
            if (answer.status() == 404 || answer.status() == 410) {
                continue;
            }
            if (answer.status() != 200) {
                throw new Unavailable(coordinates + " from " + repository + " cannot be verified: its ." + algorithm + " "
                        + answered(answer.status(), repository) + "; nothing was added");
            }
            String expected = checksum(answer.body(), digests.get(algorithm).length());
            if (expected == null) {
                throw new Conflict(coordinates + " from " + repository + " is refused: its ." + algorithm + " holds no "
                        + algorithm.toUpperCase(Locale.ROOT) + " checksum; nothing was added");
            }
            if (!expected.equals(digests.get(algorithm))) {
                throw new Conflict(coordinates + " from " + repository + " is refused: it does not match the repository's ."
                        + algorithm + " (the file says " + expected + ", the artifact's is " + digests.get(algorithm)
                        + "): the artifact was changed or damaged; nothing was added");
            }
            verified.add(algorithm);
        }
        return verified;
    }

    /** The checksum in a checksum file: its first token of the right length in hex (some files add the file's name). */
    static String checksum(byte[] body, int hexLength) {
        String text = new String(body, StandardCharsets.US_ASCII).trim();
        for (String token : text.split("\\s+")) {
            String lower = token.toLowerCase(Locale.ROOT);
            if (lower.length() == hexLength && lower.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return lower;
            }
        }
        return null;
    }

    private record Download(int status, long size, Map<String, String> digests) {
    }

    private record Small(int status, byte[] body) {
    }

    private Download download(Repository repository, URI base, URI artifact, long limit, Path file) throws IOException {
        long deadline = System.nanoTime() + totalTimeout.toNanos();
        HttpURLConnection connection = open(repository, base, artifact);
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                return new Download(status, 0, Map.of());
            }
            long declared = connection.getContentLengthLong();
            if (declared > limit) {
                throw tooLarge(artifact, declared + " bytes", limit);
            }
            Map<String, MessageDigest> digests = new LinkedHashMap<>();
            for (String algorithm : CHECKSUMS) {
                digests.put(algorithm, digest(algorithm));
            }
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    size += read;
                    if (size > limit) {
                        throw tooLarge(artifact, "more than " + limit + " bytes", limit);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new SocketTimeoutException("the download took longer than " + totalTimeout.toSeconds() + " s");
                    }
                    out.write(buffer, 0, read);
                    for (MessageDigest digest : digests.values()) {
                        digest.update(buffer, 0, read);
                    }
                }
            }
            Map<String, String> hex = new LinkedHashMap<>();
            digests.forEach((algorithm, digest) -> hex.put(algorithm, HexFormat.of().formatHex(digest.digest())));
            return new Download(200, size, hex);
        } finally {
            connection.disconnect();
        }
    }

    private Small small(Repository repository, URI base, URI target) throws IOException {
        HttpURLConnection connection = open(repository, base, target);
        try {
            int status = connection.getResponseCode();
            if (status != 200) {
                return new Small(status, new byte[0]);
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (InputStream in = connection.getInputStream()) {
                byte[] buffer = new byte[MAX_CHECKSUM_BYTES + 1];
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    body.write(buffer, 0, read);
                    if (body.size() > MAX_CHECKSUM_BYTES) {
                        return new Small(200, new byte[0]); // not a checksum file: refused as one that holds none
                    }
                }
            }
            return new Small(200, body.toByteArray());
        } finally {
            connection.disconnect();
        }
    }

    /**
     * A GET of {@code target} with its redirects followed (at most {@value #MAX_REDIRECTS}, never from https to http),
     * answered with the final connection: the caller reads and disconnects it. The repository's credentials go only
     * to its own origin.
     */
    private HttpURLConnection open(Repository repository, URI base, URI target) throws IOException {
        URI uri = target;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setAuthenticator(NONE);
            connection.setUseCaches(false);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            connection.setRequestProperty("User-Agent", "labd");
            if (repository.username() != null && sameOrigin(uri, base)) {
                String pair = repository.username() + ":" + Objects.requireNonNullElse(repository.password(), "");
                connection.setRequestProperty("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            int status = connection.getResponseCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            connection.disconnect();
            if (redirects == MAX_REDIRECTS) {
                throw new IOException("redirected more than " + MAX_REDIRECTS + " times");
            }
            if (location == null) {
                throw new IOException("answered " + status + " without a Location");
            }
            URI next;
            try {
                next = uri.resolve(new URI(location));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("redirected to a location that is not a URL");
            }
            if (!"https".equals(next.getScheme()) && !"http".equals(next.getScheme())) {
                throw new IOException("redirected to a location that is not http(s)");
            }
            if ("https".equals(uri.getScheme()) && !"https".equals(next.getScheme())) {
                throw new IOException("redirected from https to plain http (" + next.getHost() + "), which labd does not follow");
            }
            uri = next;
        }
    }

    static URI base(String url) {
        return URI.create(url.endsWith("/") ? url : url + "/");
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String answered(int status, Repository repository) {
        return switch (status) {
            case 404, 410 -> "not found (" + status + ")";
            case 401, 403 -> repository.username() == null
                    ? "needs credentials (" + status + "); give them with labctl modules repos add URL --username U "
                    + "--password-file FILE"
                    : "refused labd's credentials for user " + repository.username() + " (" + status + ")";
            default -> "answered " + status;
        };
    }

    private static String unreachable(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "did not answer in time (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        return "unreachable (" + e.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""))
                + ")";
    }

    private static LabException tooLarge(URI artifact, String size, long limit) {
        return LabException.of(Failure.PAYLOAD_TOO_LARGE, artifact.getPath() + " is " + size + "; labd takes a module of "
                + "at most " + limit + " bytes (upload.max.bytes)");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha512" -> "SHA-512";
                case "sha256" -> "SHA-256";
                default -> "SHA-1";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
