package org.labctl.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.labctl.api.BundleHealth;
import org.labctl.api.DatabaseHealth;
import org.labctl.api.ErrorBody;
import org.labctl.api.ExecTarget;
import org.labctl.api.HealthInfo;
import org.labctl.api.ServerInfo;
import org.labctl.api.VersionInfo;

/**
 * The labd that {@link StartupTraining} talks to, so that the class-data archive also holds what
 * every command contacting labd loads: the JDK's TLS, HTTP client and EC classes, and Jackson's
 * reading of labd's answers. It is the JDK's HTTPS server on 127.0.0.1, on a port the system
 * picks, speaking mutual TLS as labd does (TLS 1.3 only, a client certificate required, ECDSA
 * P-256 certificates with labd's extensions, from a throwaway CA made in memory), and it answers
 * {@code GET /api/v1/health}, {@code /api/v1/version}, {@code /api/v1/servers} and
 * {@code /api/v1/exec/targets} as labd does,
 * chunked. It lives in the main sources because the training runs from labctl.jar; no command
 * uses it, so ordinary commands never load it, BouncyCastle or the JDK's HTTP server.
 */
final class TrainingLabd implements AutoCloseable {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String USER = "training";
    /** The key store lives in memory for the length of the training run: its password protects nothing. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final Duration LIFETIME = Duration.ofHours(1);
    /** The same room for clock skew as labd's certificates have. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final HttpsServer server;
    private final Path config;

    private TrainingLabd(HttpsServer server, Path config) {
        this.server = server;
        this.config = config;
    }

    /**
     * Makes the certificates, starts the server and writes a labctl config for it into {@code directory}.
     *
     * @throws IOException              when the server cannot listen on 127.0.0.1 or the config cannot be written
     * @throws GeneralSecurityException when this Java runtime cannot make ECDSA P-256 keys and certificates
     */
    static TrainingLabd start(Path directory) throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        KeyPair caKeys = newKeyPair();
        X509Certificate ca = certificateAuthority(caKeys, now);
        KeyPair serverKeys = newKeyPair();
        X509Certificate serverCertificate = issue(ca, caKeys.getPrivate(), BigInteger.TWO, serverKeys.getPublic(),
                "labd", now, new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, LOOPBACK));
        KeyPair clientKeys = newKeyPair();
        X509Certificate clientCertificate = issue(ca, caKeys.getPrivate(), BigInteger.valueOf(3), clientKeys.getPublic(),
                USER, now, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth},
                new GeneralName(GeneralName.uniformResourceIdentifier, "labctl://user/" + USER));
        Map<String, byte[]> answers = answers(now);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        SSLContext tls = serverContext(serverKeys.getPrivate(), serverCertificate, ca);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setProtocols(new String[] {"TLSv1.3"});
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        // no executor: the server's own thread answers, and stop() leaves no thread behind
        server.createContext("/", exchange -> answer(exchange, answers));
        server.start();
        try {
            URI url = URI.create("https://" + LOOPBACK + ":" + server.getAddress().getPort());
            Path config = directory.resolve("training-labd.labctl.yaml");
            Files.writeString(config, "server: " + url + "\n"
                    + "user: " + USER + "\n"
                    + "ca: |\n" + yamlPem("CERTIFICATE", ca.getEncoded())
                    + "cert: |\n" + yamlPem("CERTIFICATE", clientCertificate.getEncoded())
                    + "key: |\n" + yamlPem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
            return new TrainingLabd(server, config);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

    /** The labctl config that reaches this labd: its URL, its CA, and a client certificate it accepts. */
    Path config() {
        return config;
    }

    /** Stops the server and deletes the config. */
    @Override
    public void close() throws IOException {
        server.stop(0);
        Files.deleteIfExists(config);
    }

    /** The bodies by path, made from the api records, so that they have the shapes labd's have. */
    private static Map<String, byte[]> answers(Instant now) throws IOException {
        HealthInfo health = new HealthInfo(HealthInfo.OK, ClientVersion.current(), "training", "training",
                now.toString(), 1, new DatabaseHealth(true, "embedded", "jdbc:postgresql://127.0.0.1:5432/labd",
                        "PostgreSQL 14", "1", null),
                List.of(new BundleHealth("org.labctl.api", "0.1.0", "Active"),
                        new BundleHealth("org.labctl.core", "0.1.0", "Active")));
        VersionInfo version = new VersionInfo(ClientVersion.current(), System.getProperty("java.version"), "4.4");
        List<ServerInfo> servers = List.of(
                new ServerInfo("web-1", "srv-1", "baremetal", "lab", "worker", "Ready", now.toString(),
                        ClientVersion.current(), "web-1.lab", "52:54:00:12:34:56", Map.of("rack", "r1")),
                new ServerInfo("db-1", "srv-2", "baremetal", null, null, "NotReady", null, null, "db-1", null,
                        Map.of()));
        return Map.of(
                "/api/v1/health", Mappers.json().writeValueAsBytes(health),
                "/api/v1/version", Mappers.json().writeValueAsBytes(version),
                "/api/v1/servers", Mappers.json().writeValueAsBytes(servers),
                // a fan-out's targets: labctl then asks for the exec stream on the same connection, and gets 404
                "/api/v1/exec/targets", Mappers.json().writeValueAsBytes(
                        List.of(new ExecTarget("web-1", "baremetal", "lab", true, true, null))));
    }

    private static void answer(HttpExchange exchange, Map<String, byte[]> answers) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answers.get(exchange.getRequestURI().getPath());
            int status = 200;
            if (body == null || !"GET".equals(exchange.getRequestMethod())) {
                status = 404;
                body = Mappers.json().writeValueAsBytes(new ErrorBody(status, "not_found",
                        "the training labd answers only GET of health, version, servers and exec targets"));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            // 0: chunked, as labd sends its answers
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static SSLContext serverContext(PrivateKey key, X509Certificate certificate, X509Certificate ca)
            throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("labd", key, IN_MEMORY, new X509Certificate[] {certificate, ca});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, IN_MEMORY);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate certificateAuthority(KeyPair keys, Instant now) throws GeneralSecurityException {
        X500Name name = name("training CA");
        try {
            return sign(new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(LIFETIME)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic())), keys.getPrivate());
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make the training CA certificate: " + e, e);
        }
    }

    /** A certificate with the extensions labd's CA gives its server and user certificates. */
    private static X509Certificate issue(X509Certificate ca, PrivateKey caKey, BigInteger serial, PublicKey key,
                                         String commonName, Instant now, KeyPurposeId[] purposes, GeneralName... names)
            throws GeneralSecurityException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        try {
            return sign(new JcaX509v3CertificateBuilder(ca, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), name(commonName), key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(key))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names)), caKey);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make the training certificate of " + commonName + ": " + e, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no " + SIGNATURE + " signer: " + e, e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500Name("O=labctl,CN=" + commonName);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A PEM block indented as a YAML literal block, the layout labd writes configs in. */
    private static String yamlPem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        StringBuilder block = new StringBuilder();
        ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----").lines()
                .forEach(line -> block.append("  ").append(line).append('\n'));
        return block.toString();
    }
}
