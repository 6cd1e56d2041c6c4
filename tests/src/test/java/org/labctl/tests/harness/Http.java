package org.labctl.tests.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** HTTP(S) GETs against labd with a given TLS identity. */
public final class Http {

    private final HttpClient client;

    public Http(SSLContext tls) {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    public record Response(int status, String body) {
    }

    public Response get(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Response post(String url, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String url, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A PUT of a JSON body whose transport failure is a test failure. */
    public Response putUnchecked(String url, String json) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A POST of a body that is not JSON (a module's archive). */
    public Response post(String url, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A PUT of a body that is not JSON (a program's jar). */
    public Response put(String url, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A GET of bytes (a module's file): the status and the body as it came. */
    public record Bytes(int status, byte[] body) {
    }

    public Bytes getBytes(String url) throws IOException {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).GET()
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public Response delete(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    private Response send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A POST whose transport failure is a test failure. */
    public Response postUnchecked(String url, String json) {
        try {
            return post(url, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For probes where any failure to connect only means "not yet". */
    public Response getUnchecked(String url) {
        try {
            return get(url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
