package org.labctl.bastion.internal.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.labctl.api.BastionAssigned;
import org.labctl.api.BastionAssignment;
import org.labctl.api.BastionTokenRequest;
import org.labctl.api.Conflict;
import org.labctl.api.InvalidArgument;
import org.labctl.api.PermissionDenied;
import org.labctl.api.Unavailable;
import org.labctl.bastion.BastionFleet;

/**
 * A standalone bastion registered with labd: labd issues its kickstarts' join tokens, checks its
 * assignments and revokes a forgotten machine's tokens ({@code POST /api/v1/bastions/ENV/tokens|assignments},
 * {@code DELETE /api/v1/bastions/ENV/tokens/MAC}), over mutual TLS with the
 * certificate of the server the bastion enrolled as. That identity is lab-agent's data directory
 * ({@code agent.key}, {@code agent.crt}, {@code ca.crt}), which the agent running beside the
 * bastion renews: the files are read again for every request.
 */
final class LinkedFleet implements BastionFleet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI labd;
    private final Path identity;

    LinkedFleet(URI labd, Path identity) {
        this.labd = labd;
        this.identity = identity;
    }

    @Override
    public void serving(String environment) {
        // the bastion enrolled into its environment: it exists
    }

    @Override
    public BastionAssigned assigning(String environment, String mac, String hostname, String previous, String by) {
        try {
            JsonNode answer = send(environment, "assignments", new BastionAssignment(mac, hostname, previous, by));
            return new BastionAssigned(answer.path("deleted").isTextual() ? answer.get("deleted").asText() : null,
                    answer.path("tokensRevoked").asInt(0));
        } catch (IOException e) {
            throw new Unavailable("labd at " + labd + " cannot be reached to check the assignment: " + e.getMessage());
        }
    }

    @Override
    public int forgetting(String environment, String mac, String by) {
        try {
            return send(environment, "tokens/" + URLEncoder.encode(mac, StandardCharsets.UTF_8), null).path("revoked").asInt(0);
        } catch (IOException e) {
            throw new Unavailable("labd at " + labd + " cannot be reached to revoke the machine's kickstart tokens: " + e.getMessage());
        }
    }

    @Override
    public String joinToken(String environment, String mac, String address, String hostname, String role) throws IOException {
        try {
            JsonNode answer = send(environment, "tokens", new BastionTokenRequest(mac, address, hostname, role));
            return answer.path("token").asText();
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** POSTs {@code body} to {@code /api/v1/bastions/ENV/WHAT}, or DELETEs that when it is null. */
    private JsonNode send(String environment, String what, Object body) throws IOException {
        HttpClient http = HttpClient.newBuilder().sslContext(tls()).connectTimeout(TIMEOUT).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(labd.resolve("/api/v1/bastions/" + URLEncoder.encode(environment,
                        StandardCharsets.UTF_8) + "/" + what)).timeout(TIMEOUT);
        HttpRequest request = body == null ? builder.DELETE().build() : builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            return JSON.readTree(response.body());
        }
        if (status == 204) {
            return JSON.createObjectNode();
        }
        String message = "labd answered " + status;
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error != null && error.path("message").isTextual()) {
                message = error.get("message").asText();
            }
        } catch (IOException notJson) {
            // the status says enough
        }
        switch (status) {
            case 400 -> throw new InvalidArgument(message);
            case 401, 403 -> throw new PermissionDenied(message);
            case 409 -> throw new Conflict(message);
            default -> throw new IOException(message);
        }
    }

    /** Mutual TLS with the enrolled identity, trusting labd's CA only. */
    private SSLContext tls() throws IOException {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            X509Certificate ca = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(
                    identity.resolve("ca.crt"))));
            X509Certificate certificate = (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(
                    identity.resolve("agent.crt"))));
            String pem = Files.readString(identity.resolve("agent.key"), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("bastion", key, new char[0], new X509Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("labd-ca", ca);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the bastion's labd identity in " + identity + " is not usable: " + e.getMessage(), e);
        }
    }
}
