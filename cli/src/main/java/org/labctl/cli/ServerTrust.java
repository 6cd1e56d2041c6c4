package org.labctl.cli;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks labd's certificate with the JDK's PKIX trust manager (anchored on the config's CA only,
 * hostname verification included) and remembers the outcome. The handshake exception the HTTP
 * client throws says only "PKIX path building failed" or "No subject alternative names
 * matching", so without this labctl could not tell a foreign labd from a wrong host name, nor
 * a labd that refused labctl's certificate after accepting the handshake from one that vanished.
 */
final class ServerTrust extends X509ExtendedTrustManager {

    /** Why labd's certificate was refused. */
    enum Refusal {
        /** The chain does not lead to the config's CA. */
        UNTRUSTED,
        /** The certificate is outside its validity period, or this machine's clock is off. */
        EXPIRED,
        /** The chain is the CA's but names another host than the config's server URL. */
        WRONG_HOST
    }

    private final X509ExtendedTrustManager pkix;
    private volatile boolean accepted;
    private volatile Refusal refusal;
    private volatile X509Certificate refused;

    ServerTrust(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /** Forgets earlier handshakes, so the outcome read after a request is that request's own. */
    void clear() {
        accepted = false;
        refusal = null;
        refused = null;
    }

    /** Whether a handshake since {@link #clear()} accepted labd's certificate. */
    boolean accepted() {
        return accepted;
    }

    /** Why the last handshake refused labd's certificate, or null when none was refused. */
    Refusal refusal() {
        return refusal;
    }

    /** The certificate labd presented when it was refused, or null. */
    X509Certificate refusedCertificate() {
        return refused;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
            accepted = true;
        } catch (CertificateException e) {
            throw remember(chain, authType, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, socket);
            accepted = true;
        } catch (CertificateException e) {
            throw remember(chain, authType, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
            accepted = true;
        } catch (CertificateException e) {
            throw remember(chain, authType, e);
        }
    }

    /**
     * Classifies a refusal. Only on this failure path is the chain checked a second time,
     * without the host name, so a successful handshake pays for one check.
     */
    private CertificateException remember(X509Certificate[] chain, String authType, CertificateException failure) {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        Refusal why;
        try {
            pkix.checkServerTrusted(chain, authType);
            why = Refusal.WRONG_HOST;
        } catch (CertificateException notTheCasChain) {
            why = leaf != null && outsideValidity(leaf) ? Refusal.EXPIRED : Refusal.UNTRUSTED;
        }
        refused = leaf;
        refusal = why;
        return failure;
    }

    private static boolean outsideValidity(X509Certificate certificate) {
        Date now = new Date();
        return now.before(certificate.getNotBefore()) || now.after(certificate.getNotAfter());
    }

    // labctl is never a TLS server: it has no clients to trust

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("labctl does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("labctl does not accept TLS clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("labctl does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
