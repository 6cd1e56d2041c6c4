package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The JDK-only PEM reading of {@link Pem}: labd's EC keys, RSA keys made by hand, and nothing else. */
class PemTest {

    private static final Path FILE = Path.of("admin.labctl.yaml");

    @Test
    void readsAnEcKeyAsLabdWritesIt() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey key = generator.generateKeyPair().getPrivate();
        assertEquals(key, Pem.privateKey(FILE, pem(key)));
    }

    @Test
    void fallsBackToRsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey key = generator.generateKeyPair().getPrivate();
        assertEquals(key, Pem.privateKey(FILE, pem(key)));
    }

    @Test
    void aKeyOfAnotherAlgorithmIsNotAcceptedAndNotQuoted() throws Exception {
        PrivateKey ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        String pem = pem(ed25519);
        LabctlException error = assertThrows(LabctlException.class, () -> Pem.privateKey(FILE, pem));
        assertEquals("'key' in admin.labctl.yaml is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----)",
                error.getMessage());
        String body = pem.lines().skip(1).findFirst().orElseThrow();
        assertFalse(error.getMessage().contains(body));
    }

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
