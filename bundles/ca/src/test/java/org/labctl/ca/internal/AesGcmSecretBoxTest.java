package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;
import org.labctl.ca.SecretBox;
import org.junit.jupiter.api.Test;

class AesGcmSecretBoxTest {

    private static SecretKeySpec key() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    @Test
    void sealsAndOpensWithTheSameKeyAndPurpose() {
        SecretBox box = new AesGcmSecretBox(key());
        byte[] secret = "-----BEGIN PRIVATE KEY----- very secret".getBytes(StandardCharsets.UTF_8);
        SecretBox.Sealed sealed = box.seal(secret, "ca-key:root");
        assertFalse(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1).contains("very secret"));
        assertArrayEquals(secret, box.open(sealed, "ca-key:root"));
    }

    @Test
    void everySealUsesAFreshNonce() {
        SecretBox box = new AesGcmSecretBox(key());
        byte[] secret = {1, 2, 3};
        SecretBox.Sealed a = box.seal(secret, "x");
        SecretBox.Sealed b = box.seal(secret, "x");
        assertFalse(Arrays.equals(a.nonce(), b.nonce()));
        assertFalse(Arrays.equals(a.ciphertext(), b.ciphertext()));
    }

    @Test
    void anotherKeyAnotherPurposeOrATamperedCiphertextCannotOpen() {
        SecretBox box = new AesGcmSecretBox(key());
        SecretBox.Sealed sealed = box.seal(new byte[] {42}, "ca-key:root");
        IllegalStateException otherKey = assertThrows(IllegalStateException.class,
                () -> new AesGcmSecretBox(key()).open(sealed, "ca-key:root"));
        assertTrue(otherKey.getMessage().contains("another master key"), otherKey.getMessage());
        assertThrows(IllegalStateException.class, () -> box.open(sealed, "kubeconfig:x"));
        byte[] tampered = sealed.ciphertext().clone();
        tampered[0] ^= 1;
        assertThrows(IllegalStateException.class, () -> box.open(new SecretBox.Sealed(sealed.nonce(), tampered), "ca-key:root"));
    }
}
