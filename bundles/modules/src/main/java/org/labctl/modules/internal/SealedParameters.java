package org.labctl.modules.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.labctl.api.Conflict;
import org.labctl.ca.SecretBox;
import org.labctl.modules.Parameters;

/**
 * A module version's parameter values as the database keeps them: each secret's value sealed with labd's master key
 * ({@link SecretBox}), bound to the version and the parameter's name so that a sealed value moved to another row or
 * name does not open; the other values as they are. A sealed value is stored as {@code {"sealed": "NONCE.CIPHERTEXT"}}
 * (both Base64), which no string parameter's value can be.
 */
final class SealedParameters {

    static final String SEALED = "sealed";

    private SealedParameters() {
    }

    /** The values to store for version {@code versionId}: its secrets sealed. */
    static Map<String, Object> seal(Map<String, Object> values, Parameters parameters, String versionId, SecretBox box) {
        Map<String, Object> stored = new LinkedHashMap<>(values);
        stored.replaceAll((name, value) -> {
            if (!parameters.secret(name) || !(value instanceof String text)) {
                return value;
            }
            SecretBox.Sealed sealed = box.seal(text.getBytes(StandardCharsets.UTF_8), associatedData(versionId, name));
            Base64.Encoder base64 = Base64.getEncoder();
            return Map.of(SEALED, base64.encodeToString(sealed.nonce()) + "." + base64.encodeToString(sealed.ciphertext()));
        });
        return stored;
    }

    /**
     * The values of version {@code versionId} as stored, its secrets opened.
     *
     * @param title the module and version, for the message when a secret does not open
     * @throws Conflict when a secret was sealed with another master key (or for another version)
     */
    static Map<String, Object> open(Map<String, Object> stored, Parameters parameters, String versionId, String title,
                                    SecretBox box) {
        Map<String, Object> values = new LinkedHashMap<>(stored);
        values.replaceAll((name, value) -> {
            if (!parameters.secret(name) || !(value instanceof Map<?, ?> sealed) || !(sealed.get(SEALED) instanceof String text)) {
                return value;
            }
            int dot = text.indexOf('.');
            try {
                Base64.Decoder base64 = Base64.getDecoder();
                return new String(box.open(new SecretBox.Sealed(base64.decode(text.substring(0, Math.max(dot, 0))),
                        base64.decode(text.substring(dot + 1))), associatedData(versionId, name)), StandardCharsets.UTF_8);
            } catch (IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new Conflict("the secret parameter " + name + " of module " + title + " was sealed with another "
                        + "master key than this labd's (LABD_MASTER_KEY): add the module again with the secret");
            }
        });
        return values;
    }

    private static String associatedData(String versionId, String name) {
        return "module-parameter/" + versionId + "/" + name;
    }
}
