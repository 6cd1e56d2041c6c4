package org.labctl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The mutual TLS set-up of one labctl config (DESIGN.md §4). It trusts the config's CA and
 * nothing else, not the JDK's cacerts: labd's certificate comes from labd's own CA, and a
 * public CA vouching for some other host must not do. It presents the config's certificate,
 * which is how labd knows the user. Loaded only by commands that contact labd, so that
 * {@code labctl version --client} and {@code config view} do not pay for the TLS classes.
 */
final class TlsContext {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String ALIAS = "labctl";
    /**
     * The key store lives in memory only and is never written, so its password, salt and PBE
     * iterations protect nothing. One iteration instead of the JDK's default 10,000 saves two
     * PBKDF2 runs, about 60 ms of every labctl command that contacts labd (measured on Java 17, C1).
     */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final KeyStore.PasswordProtection IN_MEMORY_PROTECTION = new KeyStore.PasswordProtection(
            IN_MEMORY, "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(new byte[16], 1));
    private static final byte[] CHALLENGE = "labctl: does this key belong to this certificate?"
            .getBytes(StandardCharsets.US_ASCII);

    private final SSLContext sslContext;
    private final ServerTrust serverTrust;

    private TlsContext(SSLContext sslContext, ServerTrust serverTrust) {
        this.sslContext = sslContext;
        this.serverTrust = serverTrust;
    }

    /** Checks the TLS keys of {@code config} and builds the context; every problem names the file and the key. */
    static TlsContext of(ClientConfig config) {
        Path file = config.source();
        if (config.ca() == null) {
            throw invalid(file, "has no 'ca': labctl cannot check labd's certificate: ask an admin for a new config");
        }
        if (config.cert() == null && config.key() == null) {
            throw invalid(file, "has no 'cert' and 'key': labd accepts only clients with a certificate it issued: "
                    + "ask an admin for a new config");
        }
        if (config.key() == null) {
            throw invalid(file, "has 'cert' but no 'key': labctl needs both to prove who it is to labd");
        }
        if (config.cert() == null) {
            throw invalid(file, "has 'key' but no 'cert': labctl needs both to prove who it is to labd");
        }
        List<X509Certificate> cas = Pem.certificates(file, "ca", config.ca());
        List<X509Certificate> chain = Pem.certificates(file, "cert", config.cert());
        PrivateKey key = Pem.privateKey(file, config.key());
        if (!belongTogether(key, chain.get(0))) {
            throw new LabctlException(ExitCode.ERROR, "'key' in " + file + " does not belong to the certificate in "
                    + "'cert' (" + chain.get(0).getSubjectX500Principal().getName() + "): ask an admin for a new config");
        }
        try {
            ServerTrust serverTrust = new ServerTrust(pkix(cas), config.server().getHost());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(key, chain), new TrustManager[] {serverTrust}, null);
            return new TlsContext(context, serverTrust);
        } catch (GeneralSecurityException | IOException e) {
            // the JDK's message names an algorithm or an entry, never key bytes
            throw new LabctlException(ExitCode.ERROR, "cannot set up TLS with the keys of " + file + ": " + e, e);
        }
    }

    SSLContext sslContext() {
        return sslContext;
    }

    /**
     * TLS 1.3 and 1.2 only. Endpoint identification stays on, as the HTTP client wants it, though
     * {@link ServerTrust} checks labd's host name itself.
     */
    SSLParameters sslParameters() {
        SSLParameters parameters = sslContext.getDefaultSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** Whether, and why not, the handshakes of the current request accepted labd's certificate. */
    ServerTrust serverTrust() {
        return serverTrust;
    }

    /**
     * Whether the key signs what the certificate's public key verifies. A mismatch would
     * otherwise surface as labd refusing the handshake, which looks like a revoked certificate.
     */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException differentCurveOrKeySize) {
            return false;
        }
    }

    /** The JDK's PKIX trust manager anchored on {@code cas} alone. */
    static X509ExtendedTrustManager pkix(List<X509Certificate> cas)
            throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            anchors.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager pkix) {
                return pkix;
            }
        }
        throw new GeneralSecurityException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry(ALIAS, new KeyStore.PrivateKeyEntry(key, chain.toArray(X509Certificate[]::new)),
                IN_MEMORY_PROTECTION);
        KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static LabctlException invalid(Path file, String problem) {
        return new LabctlException(ExitCode.ERROR, "labctl config " + file + " " + problem);
    }
}
