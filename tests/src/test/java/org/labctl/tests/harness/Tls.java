package org.labctl.tests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS material for tests: labctl configs written by labd, and SSL contexts made from PEM. */
public final class Tls {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Tls() {
    }

    /** A labctl config (server, ca, cert, key). */
    public record Config(String server, String ca, String cert, String key) {
        public static Config read(Path file) {
            try {
                JsonNode node = YAML.readTree(file.toFile());
                return new Config(node.path("server").asText(), node.path("ca").asText(), node.path("cert").asText(),
                        node.path("key").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static PrivateKey privateKey(String pkcs8Pem) {
        String base64 = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Trusts only {@code ca}; presents {@code certificate}/{@code key} when both are given. */
    public static SSLContext context(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (certificate != null) {
                keys.setKeyEntry("me", key, new char[0], new Certificate[] {certificate});
            }
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext context(Config config) {
        return context(certificate(config.ca()), certificate(config.cert()), privateKey(config.key()));
    }
}
