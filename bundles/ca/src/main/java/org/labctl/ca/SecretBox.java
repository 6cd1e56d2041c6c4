package org.labctl.ca;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seals secrets at rest with labd's master key (AES-256-GCM). Several labd instances that share a
 * master key open each other's secrets. The associated data binds a ciphertext to its purpose
 * (for example {@code "ca-key:root"}), so that a sealed value cannot be moved to another column.
 */
@ProviderType
public interface SecretBox {

    Sealed seal(byte[] plaintext, String associatedData);

    /** @throws IllegalStateException when the ciphertext was not sealed with this master key and data */
    byte[] open(Sealed sealed, String associatedData);

    /** A sealed secret: a fresh 96-bit nonce and the ciphertext with its GCM tag. */
    record Sealed(byte[] nonce, byte[] ciphertext) {
    }
}
