package org.labctl.clusters.internal;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.labctl.api.InvalidArgument;

/**
 * One cluster's API server as labd reaches it: an HTTP client that trusts the cluster's CA and presents its client
 * certificate, or adds its bearer token to each request. Built from the opened credential and kept in memory only.
 */
final class KubeTarget {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final char[] NO_PASSWORD = new char[0];

    private final String server;
    private final HttpClient client;
    private final String bearer;
    /** Jetty's client for the proxy's requests, started on first use and stopped by {@link #close()}. */
    private org.eclipse.jetty.client.HttpClient forwarder;
    private boolean closed;

    private KubeTarget(String server, HttpClient client, String bearer) {
        this.server = server;
        this.client = client;
        this.bearer = bearer;
    }

    /**
     * @throws InvalidArgument when the CA, certificate or key cannot be read (without quoting them)
     */
    static KubeTarget of(Kubeconfig config) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            TrustManagerFactory trust = null;
            if (config.caPem() != null) {
                KeyStore roots = KeyStore.getInstance("PKCS12");
                roots.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(config.caPem(), "the cluster's CA")) {
                    roots.setCertificateEntry("ca-" + i++, ca);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(roots);
            }
            KeyManagerFactory keys = null;
            String bearer = null;
            if (config.credential() instanceof Kubeconfig.ClientCertificate client) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                List<Certificate> chain = certificates(client.certificatePem(), "the client certificate");
                store.setKeyEntry("client", key(client.keyPem()), NO_PASSWORD, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            } else if (config.credential() instanceof Kubeconfig.Token token) {
                bearer = "Bearer " + token.token();
            }
            tls.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    new SecureRandom());
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
            return new KubeTarget(config.server(), client, bearer);
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidArgument("the kubeconfig's certificates or key cannot be used: " + e.getClass().getSimpleName());
        }
    }

    String server() {
        return server;
    }

    HttpClient client() {
        return client;
    }

    /**
     * The client the proxy forwards requests with: Jetty's, with the same TLS context, which passes bodies on as they
     * come (no decoding of its own: an answer gzipped for the client stays gzipped) and follows no redirect.
     *
     * @throws IllegalStateException when this target was closed (its cluster removed or added again meanwhile)
     */
    synchronized org.eclipse.jetty.client.HttpClient forwarder() {
        if (closed) {
            throw new IllegalStateException("the cluster's client was replaced");
        }
        if (forwarder == null) {
            org.eclipse.jetty.util.ssl.SslContextFactory.Client tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Client();
            tls.setSslContext(client.sslContext());
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            org.eclipse.jetty.client.HttpClient jetty = new org.eclipse.jetty.client.HttpClient(tls);
            org.eclipse.jetty.util.thread.QueuedThreadPool threads = new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 2);
            threads.setName("labd-kube-client");
            threads.setDaemon(true);
            jetty.setExecutor(threads);
            jetty.setFollowRedirects(false);
            jetty.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
            jetty.setUserAgentField(null);
            jetty.setMaxConnectionsPerDestination(256);
            try {
                jetty.start();
            } catch (Exception e) {
                throw new IllegalStateException("the cluster's client did not start: " + e, e);
            }
            // start() adds a gzip decoder and handlers of 100-continue, redirects and authentication: labd passes all on
            jetty.getContentDecoderFactories().clear();
            jetty.getProtocolHandlers().clear();
            forwarder = jetty;
        }
        return forwarder;
    }

    /** Stops the proxy's client, if started: requests still under way through it end. */
    synchronized void close() {
        closed = true;
        if (forwarder != null) {
            try {
                forwarder.stop();
            } catch (Exception e) {
                // stopping: nothing more to do
            }
            forwarder = null;
        }
    }

    /** The {@code Authorization} value of a token credential; null for a client certificate. */
    String bearer() {
        return bearer;
    }

    /** A request to {@code pathAndQuery} of the API server, with the credential's header when it is a token. */
    HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + pathAndQuery));
        if (bearer != null) {
            builder.header("Authorization", bearer);
        }
        return builder;
    }

    private static List<Certificate> certificates(String pem, String what) throws GeneralSecurityException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        List<Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : read) {
            if (certificate instanceof X509Certificate) {
                certificates.add(certificate);
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidArgument(what + " holds no certificate");
        }
        return certificates;
    }

    /** A private key in PEM: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), as kubeconfigs carry them. */
    private static PrivateKey key(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        }
        throw new InvalidArgument("the client key is not an unencrypted PEM private key (RSA, EC or PKCS#8)");
    }
}
