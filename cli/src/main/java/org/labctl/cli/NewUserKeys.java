package org.labctl.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key pair of a user being created, made on this machine: only the CSR goes to labd
 * (DESIGN.md §4), and the private key goes into the new user's config file and nowhere else.
 */
public final class NewUserKeys {

    private final KeyPair keys;
    private final String user;

    private NewUserKeys(KeyPair keys, String user) {
        this.keys = keys;
        this.user = user;
    }

    /** A fresh ECDSA P-256 key pair for {@code user}. */
    public static NewUserKeys generate(String user) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new NewUserKeys(generator.generateKeyPair(), user);
        } catch (GeneralSecurityException e) {
            throw new LabctlException(ExitCode.ERROR, "this Java runtime cannot make ECDSA P-256 keys: " + e, e);
        }
    }

    /** The PKCS#10 request for the public key, in PEM. */
    public String csr() {
        return pem("CERTIFICATE REQUEST", Pkcs10.request(keys, user));
    }

    /** The private key as PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), the form labctl configs hold. */
    public String privateKeyPem() {
        byte[] der = keys.getPrivate().getEncoded();
        try {
            return pem("PRIVATE KEY", der);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** Whether {@code certificatePem} certifies this key pair's public key. */
    public boolean certifiedBy(String certificatePem) {
        try {
            byte[] publicKey = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)))
                    .getPublicKey().getEncoded();
            return Arrays.equals(publicKey, keys.getPublic().getEncoded());
        } catch (GeneralSecurityException | RuntimeException notACertificate) {
            return false;
        }
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "NewUserKeys[user=" + user + ", key=" + ClientConfig.REDACTED + "]";
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
