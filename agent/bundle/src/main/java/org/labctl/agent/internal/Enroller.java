package org.labctl.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labctl.api.EnrollRequest;
import org.labctl.api.Enrollment;
import org.labctl.api.ErrorBody;

/**
 * {@code lab-agent enroll}: checks labd's CA against the pin (carried by the token, or
 * {@code --ca-pin}) before anything secret is sent, makes the key here, sends only the CSR with the
 * token, and keeps the certificate, the CA and labd's address in the data directory.
 */
final class Enroller {

    private static final Pattern TOKEN_PIN = Pattern.compile("LAB1([0-9a-f]{64})::.*");
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** An enrollment that did not happen, with the exit code lab-agent ends with. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private Enroller() {
    }

    static Enrollment enroll(URI server, String token, String caPin, String name, AgentFiles files) throws Failure {
        if (files.enrolled()) {
            throw new Failure(1, "this agent is already enrolled (" + files.directory() + "): remove that directory to enroll again");
        }
        String pin = pin(token, caPin);
        List<X509Certificate> chain;
        try {
            chain = AgentTls.presentedChain(server);
        } catch (IOException e) {
            throw new Failure(5, "cannot reach labd at " + server + ": " + e.getMessage());
        }
        X509Certificate ca = AgentTls.pinned(chain, pin).orElseThrow(() -> new Failure(1, "labd at " + server
                + " presented a certificate chain without the CA " + pin + ": wrong server, or someone in between."
                + " The token was not sent"));
        KeyPair keys = Pems.newKeyPair();
        String hostname = Facts.hostname();
        EnrollRequest request = new EnrollRequest(token.trim(), Pems.csr(keys, name == null ? hostname : name), name, hostname,
                Facts.primaryMac().orElse(null));
        HttpResponse<String> response;
        try {
            HttpClient http = HttpClient.newBuilder().sslContext(AgentTls.context(ca, null, null))
                    .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
            response = http.send(HttpRequest.newBuilder(server.resolve("/api/v1/enroll")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failure(5, "cannot reach labd at " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(1, "interrupted");
        }
        if (response.statusCode() != 201) {
            throw new Failure(response.statusCode() == 401 || response.statusCode() == 403 ? 3 : 1,
                    "labd refused the enrollment: " + message(response));
        }
        try {
            Enrollment enrollment = JSON.readValue(response.body(), Enrollment.class);
            files.write(files.key(), Pems.privateKey(keys.getPrivate()), true);
            files.write(files.certificate(), enrollment.certificate(), false);
            files.write(files.ca(), Pems.pem(ca), false);
            Properties properties = new Properties();
            properties.setProperty("server", server.toString());
            properties.setProperty("server.id", enrollment.serverId());
            properties.setProperty("name", enrollment.name());
            java.io.StringWriter out = new java.io.StringWriter();
            properties.store(out, "lab-agent enrollment");
            files.write(files.properties(), out.toString(), false);
            return enrollment;
        } catch (IOException e) {
            throw new Failure(1, "enrolled, but cannot write " + files.directory() + ": " + e.getMessage());
        }
    }

    private static String pin(String token, String caPin) throws Failure {
        if (token == null || token.isBlank()) {
            throw new Failure(2, "--token is required (labctl create token makes one)");
        }
        Matcher m = TOKEN_PIN.matcher(token.trim());
        String fromToken = m.matches() ? "sha256:" + m.group(1) : null;
        String given = caPin == null || caPin.isBlank() ? null : caPin.trim().toLowerCase(java.util.Locale.ROOT);
        if (given != null && !given.matches("sha256:[0-9a-f]{64}")) {
            throw new Failure(2, "--ca-pin must be sha256:<64 hexadecimal digits>");
        }
        if (given != null && fromToken != null && !given.equals(fromToken)) {
            throw new Failure(2, "--ca-pin and the CA fingerprint in the token differ: check both");
        }
        String pin = given != null ? given : fromToken;
        if (pin == null) {
            throw new Failure(2, "the token carries no CA fingerprint: pass --ca-pin sha256:… (labctl create token prints it)");
        }
        return pin;
    }

    private static String message(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), ErrorBody.class).message();
        } catch (IOException e) {
            return "HTTP " + response.statusCode();
        }
    }
}
