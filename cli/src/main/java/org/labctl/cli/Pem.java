package org.labctl.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM blocks of a labctl config with the JDK alone: BouncyCastle would add to the
 * start-up of every labctl command. No error quotes a value: the key is secret, and the
 * certificates would only make the one line unreadable.
 */
final class Pem {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** Other private key formats people paste, to say how to convert them. */
    private static final Pattern OTHER_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    /** labd issues ECDSA P-256 keys (DESIGN.md §4); RSA is accepted for configs made by hand. */
    private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA");

    private Pem() {
    }

    /** The X.509 certificates of the config's {@code key} ("ca" or "cert"), in file order. */
    static List<X509Certificate> certificates(Path file, String key, String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (GeneralSecurityException e) {
            throw notACertificate(file, key, e);
        }
        if (certificates.isEmpty()) {
            throw notACertificate(file, key, null);
        }
        return certificates;
    }

    /** The config's PKCS#8 {@code key}, EC or RSA. */
    static PrivateKey privateKey(Path file, String pem) {
        Matcher block = PKCS8.matcher(pem);
        if (!block.find()) {
            throw notAKey(file, OTHER_KEY.matcher(pem).find()
                    ? ": convert it with openssl pkcs8 -topk8 -nocrypt -in OLD.pem" : "");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(1));
        } catch (IllegalArgumentException notBase64) {
            throw notAKey(file, "");
        }
        try {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
            for (String algorithm : KEY_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException notThisAlgorithm) {
                    // try the next one; the JDK's message says nothing a user could act on
                }
            }
            throw notAKey(file, "");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    private static LabctlException notACertificate(Path file, String key, Throwable cause) {
        return new LabctlException(ExitCode.ERROR, "'" + key + "' in " + file
                + " is not an X.509 certificate (-----BEGIN CERTIFICATE-----)", cause);
    }

    /** Without the JDK's exception as cause: its message could, some day, quote key bytes. */
    private static LabctlException notAKey(Path file, String detail) {
        return new LabctlException(ExitCode.ERROR, "'key' in " + file
                + " is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)" + detail);
    }
}
