package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.Conflict;
import org.labctl.api.Failure;
import org.labctl.api.LabException;
import org.labctl.api.NotFoundException;

/**
 * Resolution of a {@code mvn:} source against repositories served here on loopback by the JDK's HTTP server (Maven's
 * layout): the order they are asked in, the checksums verified, credentials, the size limit and redirects.
 */
class MavenFetcherTest {

    private static final String PATH = "/org/example/chrony/1.2.0/chrony-1.2.0.zip";
    private static final byte[] ARTIFACT = "PK the module's archive".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path downloads;

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private final MavenFetcher fetcher = new MavenFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30));
    private final MavenCoordinates chrony = MavenCoordinates.parse("mvn:org.example/chrony/1.2.0");

    /** A repository: files by path, optionally behind HTTP basic authentication; every request's Authorization noted. */
    private final class Repo {
        final Map<String, byte[]> files = new ConcurrentHashMap<>();
        final Map<String, String> redirects = new ConcurrentHashMap<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        String credentials;
        final String url;

        Repo(String context) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::serve);
            server.start();
            servers.add(server);
            url = "http://127.0.0.1:" + server.getAddress().getPort() + context;
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(authorization));
                if (credentials != null && !("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(
                        StandardCharsets.UTF_8))).equals(authorization)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"repo\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                if (redirects.containsKey(path)) {
                    exchange.getResponseHeaders().add("Location", redirects.get(path));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                byte[] body = files.get(path);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }

        Repo with(String path, byte[] content, String... checksums) throws Exception {
            files.put(path, content);
            for (String algorithm : checksums) {
                files.put(path + "." + algorithm, (hex(algorithm, content) + "  " + path.substring(path.lastIndexOf('/') + 1))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            return this;
        }

        MavenFetcher.Repository as(String name, String username, String password) {
            return new MavenFetcher.Repository(name, url, username, password);
        }
    }

    @BeforeEach
    void noServers() {
        servers.clear();
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        String name = switch (algorithm) {
            case "sha512" -> "SHA-512";
            case "sha256" -> "SHA-256";
            default -> "SHA-1";
        };
        return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(content));
    }

    private long leftovers() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.count();
        }
    }

    @Test
    void theFirstRepositoryThatHasTheArtifactGivesItVerifiedAgainstEveryChecksumItOffers() throws Exception {
        Repo empty = new Repo("/maven2");
        Repo nexus = new Repo("/repository/modules/").with("/repository/modules" + PATH, ARTIFACT, "sha1", "sha256", "sha512");
        MavenFetcher.Fetched fetched = fetcher.fetch(chrony, List.of(empty.as("central", null, null),
                nexus.as("nexus", null, null)), 1024, downloads);
        assertEquals("nexus", fetched.repository().name());
        assertEquals(List.of("sha512", "sha256", "sha1"), fetched.verified());
        assertEquals(hex("sha256", ARTIFACT), fetched.sha256());
        assertEquals(ARTIFACT.length, fetched.size());
        assertEquals(new String(ARTIFACT, StandardCharsets.US_ASCII), Files.readString(fetched.file()));

        Repo sha1Only = new Repo("").with(PATH, ARTIFACT, "sha1");
        assertEquals(List.of("sha1"), fetcher.fetch(chrony, List.of(sha1Only.as("r", null, null)), 1024, downloads).verified());
        Repo none = new Repo("").with(PATH, ARTIFACT);
        assertEquals(List.of(), fetcher.fetch(chrony, List.of(none.as("r", null, null)), 1024, downloads).verified());
    }

    @Test
    void anArtifactThatDoesNotMatchItsRepositorysChecksumIsRefusedAndNothingKept() throws Exception {
        Repo repo = new Repo("").with(PATH, ARTIFACT, "sha1");
        repo.files.put(PATH, "PK tampered".getBytes(StandardCharsets.US_ASCII));
        Conflict refused = assertThrows(Conflict.class,
                () -> fetcher.fetch(chrony, List.of(repo.as("nexus", null, null)), 1024, downloads));
        assertTrue(refused.getMessage().contains("does not match the repository's .sha1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("mvn:org.example/chrony/1.2.0/zip from nexus (" + repo.url + ")"),
                refused.getMessage());
        assertEquals(0, leftovers(), "the refused artifact is not kept");

        repo.files.put(PATH + ".sha1", "<html>not a checksum</html>".getBytes(StandardCharsets.US_ASCII));
        Conflict unreadable = assertThrows(Conflict.class,
                () -> fetcher.fetch(chrony, List.of(repo.as("nexus", null, null)), 1024, downloads));
        assertTrue(unreadable.getMessage().contains("holds no SHA1 checksum"), unreadable.getMessage());
    }

    @Test
    void credentialsGoToTheRepositoryAndAWrongOrMissingOneIsSaidWithoutThePassword() throws Exception {
        Repo nexus = new Repo("").with(PATH, ARTIFACT, "sha1");
        nexus.credentials = "deploy:s3cret-pw";
        MavenFetcher.Fetched fetched = fetcher.fetch(chrony, List.of(nexus.as("nexus", "deploy", "s3cret-pw")), 1024, downloads);
        assertEquals(hex("sha256", ARTIFACT), fetched.sha256());
        Files.delete(fetched.file());

        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> fetcher.fetch(chrony, List.of(nexus.as("nexus", null, null)), 1024, downloads));
        assertTrue(missing.getMessage().contains("nexus (" + nexus.url + "): needs credentials (401)"), missing.getMessage());
        NotFoundException wrong = assertThrows(NotFoundException.class,
                () -> fetcher.fetch(chrony, List.of(nexus.as("nexus", "deploy", "wrong-pw")), 1024, downloads));
        assertTrue(wrong.getMessage().contains("refused labd's credentials for user deploy (401)"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong-pw"), wrong.getMessage());
        assertEquals(0, leftovers());
    }

    @Test
    void anArtifactInNoRepositoryNamesEachRepositoryAndWhatItAnswered() throws Exception {
        Repo a = new Repo("/a");
        Repo b = new Repo("/b");
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> fetcher.fetch(chrony, List.of(a.as("first", null, null), b.as("second", null, null)), 1024, downloads));
        assertEquals("mvn:org.example/chrony/1.2.0/zip is in none of labd's module repositories (asked in order): first ("
                + a.url + "): not found (404); second (" + b.url + "): not found (404)", missing.getMessage());
        NotFoundException none = assertThrows(NotFoundException.class, () -> fetcher.fetch(chrony, List.of(), 1024, downloads));
        assertTrue(none.getMessage().contains("labctl modules repos add URL"), none.getMessage());
    }

    @Test
    void anArtifactLargerThanTheLimitIsRefusedAsTooLarge() throws Exception {
        Repo repo = new Repo("").with(PATH, new byte[4096], "sha1");
        LabException refused = assertThrows(LabException.class,
                () -> fetcher.fetch(chrony, List.of(repo.as("r", null, null)), 1024, downloads));
        assertEquals(Failure.PAYLOAD_TOO_LARGE, refused.failure());
        assertTrue(refused.getMessage().contains("at most 1024 bytes (upload.max.bytes)"), refused.getMessage());
        assertEquals(0, leftovers());
    }

    @Test
    void redirectsAreFollowedAFewTimesAndCredentialsStayWithTheRepositorysOrigin() throws Exception {
        Repo mirror = new Repo("").with(PATH, ARTIFACT, "sha1");
        Repo nexus = new Repo("");
        nexus.redirects.put(PATH, mirror.url + PATH);
        nexus.redirects.put(PATH + ".sha1", mirror.url + PATH + ".sha1");
        nexus.redirects.put(PATH + ".sha256", mirror.url + PATH + ".sha256");
        nexus.redirects.put(PATH + ".sha512", mirror.url + PATH + ".sha512");
        MavenFetcher.Fetched fetched = fetcher.fetch(chrony, List.of(nexus.as("nexus", "deploy", "s3cret-pw")), 1024, downloads);
        assertEquals(List.of("sha1"), fetched.verified());
        assertTrue(nexus.authorizations.stream().allMatch(a -> a.startsWith("Basic ")), nexus.authorizations.toString());
        assertTrue(mirror.authorizations.stream().allMatch("null"::equals), "no credentials to another origin: "
                + mirror.authorizations);

        Repo loop = new Repo("");
        loop.redirects.put(PATH, loop.url + PATH);
        NotFoundException endless = assertThrows(NotFoundException.class,
                () -> fetcher.fetch(chrony, List.of(loop.as("loop", null, null)), 1024, downloads));
        assertTrue(endless.getMessage().contains("redirected more than 3 times"), endless.getMessage());
    }
}
