package org.labctl.cli;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks labd's certificate: its chain with the JDK's PKIX trust manager, anchored on the config's
 * CA only, then that it names the host of the config's server URL; and remembers the outcome. The
 * handshake exception the HTTP client throws says only "PKIX path building failed" or "No subject
 * alternative names matching", so without this labctl could not tell a foreign labd from a wrong
 * host name, nor a labd that refused labctl's certificate after accepting the handshake from one
 * that vanished.
 *
 * <p>The host name is checked here, whatever the connection's endpoint identification says,
 * rather than by the JDK's trust manager: the JDK's check first reads the JDK's whole cacerts file
 * (to know whether the chain ends at a public CA, which labd's CA never is), about 30 ms of every
 * labctl command that talks to labd. The rules are RFC 6125's, stricter than the JDK's: only the
 * subject alternative names count (labd's CA always writes them), an IP address matches only an
 * IP address entry, and a wildcard only as the whole left-most label, standing for one label.
 * The chain is checked without the connection, so against the JDK's certificate algorithm
 * constraints ({@code jdk.certpath.disabledAlgorithms}) rather than those the handshake narrowed
 * them to; labd's CA signs with ECDSA P-256 and SHA-256 only.
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

    /** Subject alternative name types (RFC 5280 GeneralName). */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final X509ExtendedTrustManager pkix;
    private final String host;
    private volatile boolean accepted;
    private volatile Refusal refusal;
    private volatile X509Certificate refused;

    /**
     * @param pkix the JDK's trust manager for the config's CA
     * @param host the host of the config's server URL, which labd's certificate must name
     */
    ServerTrust(X509ExtendedTrustManager pkix, String host) {
        this.pkix = pkix;
        this.host = host;
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
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse(leaf, leaf != null && outsideValidity(leaf) ? Refusal.EXPIRED : Refusal.UNTRUSTED, e);
        }
        if (!names(leaf, host)) {
            throw refuse(leaf, Refusal.WRONG_HOST, new CertificateException(
                    "labd's certificate names other hosts than " + host));
        }
        accepted = true;
    }

    /**
     * Whether {@code certificate}'s subject alternative names include {@code host}: an IP address
     * (IPv4, or IPv6 with or without brackets) against the IP address entries, compared as
     * addresses; a DNS name against the DNS entries, ignoring case and a final dot, where
     * {@code *.example.org} stands for exactly one label before {@code example.org}.
     */
    static boolean names(X509Certificate certificate, String host) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null || host == null || host.isEmpty()) {
            return false;
        }
        String wanted = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress address = ipLiteral(wanted);
        String dns = address == null ? dnsName(wanted) : null;
        for (List<?> name : names) {
            Object type = name.get(0);
            Object value = name.get(1);
            if (!(value instanceof String text)) {
                continue;
            }
            if (address != null && Integer.valueOf(IP_ADDRESS).equals(type) && address.equals(ipLiteral(text))) {
                return true;
            }
            if (dns != null && Integer.valueOf(DNS_NAME).equals(type) && dnsMatches(dns, dnsName(text))) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String host, String pattern) {
        if (pattern.startsWith("*.")) {
            String parent = pattern.substring(2);
            int dot = host.indexOf('.');
            // the wildcard is one whole label, and leaves at least two labels of its own
            return parent.indexOf('.') > 0 && !parent.contains("*") && dot > 0 && host.substring(dot + 1).equals(parent);
        }
        return !pattern.contains("*") && pattern.equals(host);
    }

    private static String dnsName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The address {@code text} spells as an IPv4 (four decimal parts) or IPv6 literal, or null; never a DNS lookup. */
    private static InetAddress ipLiteral(String text) {
        try {
            if (IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            // in brackets, the JDK parses an IPv6 literal or refuses it, and never looks it up
            return text.contains(":") ? InetAddress.getByName("[" + text + "]") : null;
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private CertificateException refuse(X509Certificate leaf, Refusal why, CertificateException failure) {
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
