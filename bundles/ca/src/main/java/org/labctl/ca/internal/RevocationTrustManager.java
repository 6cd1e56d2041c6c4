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

    /** The JDK's switch for session tickets issued by TLS servers. */
    static final String SERVER_TICKETS = "jdk.tls.server.enableSessionTicketExtension";

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
        if (handshake != null && mayInvalidate(handshake.getProtocol())) {
            handshake.invalidate();
        }
    }

    /**
     * Whether the handshake session of {@code protocol} can be made non-resumable at this point
     * without breaking the handshake. In TLS 1.2 the server's hello has already promised a session
     * ticket when the client offered the extension, and a promised ticket must be sent (RFC 5077
     * §3.3): the JDK leaves it out for an invalidated session, which OpenSSL clients refuse
     * ("unexpected message"). labd's JVM therefore runs with server tickets off
     * (etc/system.properties), so that TLS 1.2 resumes by session id only, which an invalidated
     * session never matches. Should tickets be on anyway, TLS 1.2 sessions stay resumable, and the
     * client certificate filter's check of every request is what refuses a revoked certificate on
     * them. TLS 1.3 tickets are sent after the handshake for a copy of the session that this does
     * not reach: labd's listener sends none at all (see {@link ServerTls#SESSION_TIMEOUT_SECONDS}).
     */
    static boolean mayInvalidate(String protocol) {
        return !"TLSv1.2".equals(protocol) || !serverTickets();
    }

    /** Whether the JDK's TLS servers in this JVM issue session tickets (read by the JDK for each SSL context). */
    static boolean serverTickets() {
        return !"false".equalsIgnoreCase(System.getProperty(SERVER_TICKETS, "true"));
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
