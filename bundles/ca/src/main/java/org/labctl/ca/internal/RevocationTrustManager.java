package org.labctl.ca.internal;

import java.net.Socket;
import java.security.Provider;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of labd's listener: the JDK's PKIX check of a client's chain against labd's CA
 * (signatures, validity, key usage), then labd's revocations, so that a certificate from another
 * CA, an expired one and a revoked one all fail the TLS handshake itself. A client that presents no
 * certificate never comes here (the listener only wants one); the client certificate filter
 * answers it, and lets it reach nothing but enrollment.
 */
final class RevocationTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager pkix;

    RevocationTrustManager(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        admit(chain[0], null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        admit(chain[0], socket instanceof SSLSocket tls ? tls.getHandshakeSession() : null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        admit(chain[0], engine == null ? null : engine.getHandshakeSession());
    }

    @SuppressWarnings("unchecked")
    private static void admit(X509Certificate certificate, SSLSession handshake) throws CertificateException {
        // The provider registered now, not the one that made this trust manager: Jetty keeps its
        // trust managers as long as the listener runs, also across a refresh of this bundle. The
        // revisions share the JDK's Predicate, not RevocationProvider; none registered refuses.
        Provider labd = Security.getProvider(RevocationProvider.NAME);
        if (!(labd instanceof Predicate<?> admits) || !((Predicate<X509Certificate>) admits).test(certificate)) {
            throw new CertificateException("labd refuses client certificate " + certificate.getSerialNumber().toString(16)
                    + ": revoked, or labd's CA is not available yet");
        }
        // A resumed session presents no certificate, so it would skip this check: sessions that
        // carry a client certificate are never resumed, every new connection shows it again.
        if (handshake != null) {
            handshake.invalidate();
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
