package org.labctl.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.labctl.api.ErrorBody;
import org.labctl.api.RenewRequest;
import org.labctl.api.RenewedCertificate;

/**
 * Certificate renewal: when a third of the agent certificate's lifetime is left, the agent asks
 * labd ({@code POST /api/v1/agent/renew}, over the current certificate) for a new certificate for
 * the same key, checks it (issued by the pinned CA, for this key) and replaces {@code agent.crt}
 * atomically. The key never changes hands, so a lost answer costs nothing: the old certificate keeps
 * working and the agent asks again.
 */
final class Renewal {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Renewal() {
    }

    /** Whether a certificate should be renewed now: a third of its lifetime or less is left. */
    static boolean due(X509Certificate certificate, Instant now) {
        long lifetime = certificate.getNotAfter().getTime() - certificate.getNotBefore().getTime();
        long left = certificate.getNotAfter().getTime() - now.toEpochMilli();
        return left * 3 <= lifetime;
    }

    /** Renews the certificate in {@code files} through labd at {@code server}; returns the new one. */
    static X509Certificate renew(HttpClient http, URI server, AgentFiles files, String name) throws IOException, InterruptedException {
        X509Certificate ca = Pems.certificate(Files.readString(files.ca()));
        X509Certificate current = Pems.certificate(Files.readString(files.certificate()));
        PrivateKey key = Pems.privateKey(Files.readString(files.key()));
        String csr = Pems.csr(new KeyPair(current.getPublicKey(), key), name);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/agent/renew"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new RenewRequest(csr)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("labd refused the renewal: " + message(response));
        }
        X509Certificate renewed = Pems.certificate(JSON.readValue(response.body(), RenewedCertificate.class).certificate());
        try {
            renewed.verify(ca.getPublicKey());
            renewed.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new IOException("labd answered with a certificate its CA did not issue or that is not valid: " + e.getMessage(), e);
        }
        if (!renewed.getPublicKey().equals(current.getPublicKey())) {
            throw new IOException("labd answered with a certificate for another key");
        }
        files.write(files.certificate(), Pems.pem(renewed), false);
        return renewed;
    }

    private static String message(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), ErrorBody.class).message();
        } catch (IOException e) {
            return "HTTP " + response.statusCode();
        }
    }
}
