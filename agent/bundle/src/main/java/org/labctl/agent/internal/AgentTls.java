package org.labctl.agent.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS for the agent: it trusts only labd's CA, and it checks that CA before it sends any secret. */
final class AgentTls {

    private AgentTls() {
    }

    /** Trusts only {@code ca}; presents {@code certificate} and {@code key} when given. */
    static SSLContext context(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("labd-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (certificate != null) {
                keys.setKeyEntry("agent", key, new char[0], new Certificate[] {certificate, ca});
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate chain labd presents, read from a TLS handshake that sends nothing else, so
     * that the agent can check labd's CA against the pin before the join token leaves the machine.
     */
    static List<X509Certificate> presentedChain(URI server) throws IOException {
        X509Certificate[][] seen = new X509Certificate[1][];
        TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("the agent is a client: it trusts no client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain.clone();
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {capture}, null);
            int port = server.getPort() < 0 ? 443 : server.getPort();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(server.getHost(), port), 10_000);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (seen[0] == null) {
            throw new IOException("labd at " + server + " presented no certificate");
        }
        return Arrays.asList(seen[0]);
    }

    /** The certificate of {@code chain} whose fingerprint is {@code pin}, when labd's chain carries it. */
    static Optional<X509Certificate> pinned(List<X509Certificate> chain, String pin) {
        return chain.stream().filter(c -> Pems.fingerprint(c).equalsIgnoreCase(pin)).findFirst();
    }
}
