package org.labctl.ca.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labctl.ca.CertificateAuthority;
import org.labctl.ca.CertificateKind;
import org.labctl.ca.CertificateRequest;
import org.labctl.core.Labd;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes labd's one listener HTTPS with client certificates. Once the CA is available it keeps, in
 * {@code <labd.data>/tls}, labd's key and certificate (issued by the CA, renewed when a third of its
 * lifetime is left, the CA changed or the names changed) and a trust store holding the CA; then it
 * switches {@code etc/org.ops4j.pax.web.cfg} to HTTPS with those files, client certificates wanted
 * (the enrollment endpoint is reached without one) and checked at the handshake by the trust
 * managers of {@link RevocationProvider} (revocations included), and plain HTTP off. The
 * distribution ships with no listener enabled at all, so labd never serves anything before TLS is
 * in place.
 */
@Component(name = "org.labctl.ca.tls", immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsConfiguration.class)
public class ServerTls {

    static final String PAX_WEB_PID_FILE = "org.ops4j.pax.web.cfg";
    /**
     * How long the listener keeps TLS sessions: one second more than the seven days a TLS 1.3
     * ticket may live (RFC 8446 §4.6.1), for which the JDK sends no TLS 1.3 tickets at all. A
     * resumed session shows no certificate, so it would skip the handshake's revocation check; the
     * JDK issues its TLS 1.3 tickets after the handshake for a copy of the session that the trust
     * manager cannot invalidate, so labd issues none (TLS 1.2: see {@link RevocationTrustManager}).
     */
    static final int SESSION_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final CertificateAuthority ca;
    private final Path tls;
    private final Path etc;
    private final TlsConfiguration config;
    private final Retry retry;

    @Activate
    public ServerTls(@Reference CertificateAuthority ca, @Reference Labd labd, BundleContext context, TlsConfiguration config) {
        if (config.server_lifetime_days() < 1) {
            throw new IllegalArgumentException("server.lifetime.days must be at least 1, got " + config.server_lifetime_days());
        }
        this.ca = ca;
        this.config = config;
        this.tls = labd.dataDirectory().resolve("tls");
        this.etc = Path.of(context.getProperty("karaf.etc"));
        if (RevocationTrustManager.serverTickets()) {
            LOG.error("labd's JVM issues TLS session tickets ({}=false is missing from etc/system.properties): TLS 1.2 clients "
                    + "can resume sessions without the handshake's revocation check, and only the check of each request "
                    + "refuses a revoked certificate on them", RevocationTrustManager.SERVER_TICKETS);
        }
        this.retry = new Retry("tls", LOG, this::ensure);
    }

    @Deactivate
    void deactivate() {
        retry.close();
    }

    private void ensure() {
        try {
            X509Certificate root = ca.certificate();
            Files.createDirectories(tls);
            Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwx------"));
            char[] password = password();
            Path keyStore = tls.resolve("labd.p12");
            Path trustStore = tls.resolve("ca.p12");
            Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
            Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
            names(dns, ips);
            if (needsNewCertificate(keyStore, password, root, dns, ips)) {
                KeyPair keys = Certificates.newKeyPair();
                var issued = ca.issue(Certificates.csr(keys, "labd"), new CertificateRequest(CertificateKind.SERVER, "labd",
                        List.of(), List.copyOf(dns), List.copyOf(ips), Duration.ofDays(config.server_lifetime_days())));
                KeyStores.writeKeyStore(keyStore, keys.getPrivate(), Certificates.certificateFromPem(issued.pem()), root, password);
                LOG.info("Issued labd's server certificate {} for {} {}", issued.serial(), dns, ips);
            }
            KeyStores.writeTrustStore(trustStore, root, password);
            Map<String, String> https = new LinkedHashMap<>();
            https.put("org.osgi.service.http.enabled", "false");
            https.put("org.osgi.service.http.secure.enabled", "true");
            https.put("org.ops4j.pax.web.ssl.keystore", keyStore.toString());
            https.put("org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
            https.put("org.ops4j.pax.web.ssl.keystore.password", new String(password));
            https.put("org.ops4j.pax.web.ssl.key.password", new String(password));
            https.put("org.ops4j.pax.web.ssl.key.alias", KeyStores.KEY_ALIAS);
            https.put("org.ops4j.pax.web.ssl.truststore", trustStore.toString());
            https.put("org.ops4j.pax.web.ssl.truststore.type", "PKCS12");
            https.put("org.ops4j.pax.web.ssl.truststore.password", new String(password));
            // PKIX against that trust store, then labd's revocations: a revoked certificate fails the handshake
            https.put("org.ops4j.pax.web.ssl.trustManagerFactory.algorithm", RevocationProvider.ALGORITHM);
            // "wanted", not "needed": enrollment comes without a certificate; the client
            // certificate filter refuses every other request that has none
            https.put("org.ops4j.pax.web.ssl.clientauth.wanted", "true");
            https.put("org.ops4j.pax.web.ssl.clientauth.needed", "false");
            https.put("org.ops4j.pax.web.ssl.protocols.included", "TLSv1.2,TLSv1.3");
            https.put("org.ops4j.pax.web.ssl.session.timeout", Integer.toString(SESSION_TIMEOUT_SECONDS));
            if (CfgFile.set(etc.resolve(PAX_WEB_PID_FILE), https, true)) {
                LOG.info("labd's listener is now HTTPS with client certificates (etc/{})", PAX_WEB_PID_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare TLS in " + tls + ": " + e.getMessage(), e);
        }
    }

    private void names(Set<String> dns, Set<String> ips) {
        try {
            dns.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            LOG.debug("no host name: {}", e.getMessage());
        }
        for (String name : config.server_san()) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.matches("[0-9.]+") || trimmed.contains(":")) {
                ips.add(trimmed);
            } else {
                dns.add(trimmed);
            }
        }
    }

    private boolean needsNewCertificate(Path keyStore, char[] password, X509Certificate root, Set<String> dns, Set<String> ips)
            throws IOException {
        if (!Files.exists(keyStore)) {
            return true;
        }
        X509Certificate current = KeyStores.readCertificate(keyStore, password);
        if (current == null || !current.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
            return true;
        }
        try {
            current.verify(root.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            return true;
        }
        long lifetime = current.getNotAfter().getTime() - current.getNotBefore().getTime();
        if (current.getNotAfter().toInstant().isBefore(Instant.now().plusMillis(lifetime / 3))) {
            return true;
        }
        return !sanNames(current).containsAll(union(dns, ips));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> sanNames(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    String value = String.valueOf(san.get(1));
                    names.add(value.equals("0:0:0:0:0:0:0:1") ? "::1" : value);
                }
            }
        } catch (CertificateParsingException e) {
            LOG.debug("unreadable SANs: {}", e.getMessage());
        }
        return names;
    }

    /** The password of labd's PKCS#12 files, generated once; the files themselves are 0600 in a 0700 directory. */
    private char[] password() throws IOException {
        Path file = tls.resolve("keystore.password");
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Path tmp = tls.resolve("keystore.password.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
    }
}
