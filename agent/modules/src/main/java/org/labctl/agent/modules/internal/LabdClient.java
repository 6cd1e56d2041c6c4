package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.labctl.api.module.ArtifactDigest;
import org.labctl.api.session.AgentIdentity;

/**
 * labd's side of modules as the agent reaches it, over mutual TLS as the agent ({@link AgentIdentity}):
 * {@code GET /api/v1/agent/modules} (what this server should have) and each bundle's file at its
 * {@code url}, a path on labd, checked against its pinned size and SHA-256 as it arrives.
 */
final class LabdClient implements Downloads {

    static final String MODULES = "/api/v1/agent/modules";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_ANSWER = 16 * 1024 * 1024;
    private static final int MAX_ERROR = 4096;
    private static final int BUFFER = 64 * 1024;

    private final AgentIdentity identity;

    LabdClient(AgentIdentity identity) {
        this.identity = identity;
    }

    /** What labd wants on this server now. */
    Desired desired() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = identity.http().send(HttpRequest.newBuilder(on(MODULES)).timeout(ANSWER_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("labd answered HTTP " + response.statusCode() + " for " + MODULES + ": " + message(in));
            }
            byte[] body = in.readNBytes(MAX_ANSWER + 1);
            if (body.length > MAX_ANSWER) {
                throw new IOException("labd's answer to " + MODULES + " is longer than " + MAX_ANSWER + " bytes");
            }
            return ModulesJson.desired(body);
        }
    }

    @Override
    public void download(ModuleFile file, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = identity.http().send(HttpRequest.newBuilder(on(file.url())).timeout(DOWNLOAD_TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("labd answered HTTP " + response.statusCode() + " for " + file.file() + ": " + message(in));
            }
            MessageDigest digest = sha256();
            long length = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[BUFFER];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    length += n;
                    if (length > file.size()) {
                        throw new IOException("labd sent more than the " + file.size() + " bytes pinned for " + file.file());
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            ArtifactDigest.verify(file.file(), file.sha256(), HexFormat.of().formatHex(digest.digest()));
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A path on labd; anything that would leave labd is refused. */
    private URI on(String path) throws IOException {
        URI server = identity.server();
        URI uri = server.resolve(path);
        if (!Objects.equals(uri.getScheme(), server.getScheme()) || !Objects.equals(uri.getRawAuthority(), server.getRawAuthority())) {
            throw new IOException("'" + ModulesJson.shown(path) + "' is not a path on labd (" + server + ")");
        }
        return uri;
    }

    /** labd's error message ({"message": ...}), or the start of what it answered. */
    private static String message(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_ERROR);
        try {
            String message = ModulesJson.MAPPER.readTree(body).path("message").asText("");
            if (!message.isEmpty()) {
                return Words.oneLine(message);
            }
        } catch (IOException notJson) {
            // the body as it is
        }
        return body.length == 0 ? "(no message)" : Words.oneLine(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(ArtifactDigest.ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + ArtifactDigest.ALGORITHM, e);
        }
    }
}
