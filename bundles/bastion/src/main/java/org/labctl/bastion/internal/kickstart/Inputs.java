package org.labctl.bastion.internal.kickstart;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of every value that goes into a kickstart. Each accepts only characters that mean
 * nothing to kickstart's command parser nor to a shell, inside single or double quotes or outside
 * them: no quote, backslash, dollar, backquote, semicolon, blank or line break can get through, so a
 * value can neither end its line nor its quotes. A refused value throws an
 * {@link IllegalArgumentException} whose message names the field and what it accepts, and shows the
 * value with control characters escaped (never the token's value).
 */
public final class Inputs {

    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOSTNAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final int HOSTNAME_MAX = 253;
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(?::[0-9a-f]{2}){5}");
    private static final Pattern URL = Pattern.compile("(https?)://(" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-f:.]+\\])"
            + "(?::([0-9]{1,5}))?((?:/[a-z0-9._~-]+)*/?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{20,512}");
    private static final Pattern DISK = Pattern.compile("[a-z][a-z0-9]{0,31}");
    private static final Pattern TIMEZONE = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}");
    private static final Set<String> KEY_TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    private static final Pattern SSH_KEY = Pattern.compile("([a-z0-9@.-]{1,40}) ([A-Za-z0-9+/]{16,8192}={0,2})(?: ([A-Za-z0-9@._+=:-]{1,100}))?");
    private static final int SHOWN_MAX = 80;

    private Inputs() {
    }

    public static String mac(String value) {
        String mac = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw refused("mac", "six pairs of hexadecimal digits separated by colons, like 52:54:00:12:34:56", value);
        }
        return mac;
    }

    /** One or more RFC 1123 labels, in lower case. */
    public static String hostname(String value) {
        String hostname = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (hostname == null || hostname.length() > HOSTNAME_MAX || !HOSTNAME.matcher(hostname).matches()) {
            throw refused("hostname", "RFC 1123 labels separated by dots, like worker-1 or worker-1.lab.example: "
                    + "letters, digits and '-', 1 to 63 characters a label, no '-' at either end, "
                    + HOSTNAME_MAX + " characters in all", value);
        }
        return hostname;
    }

    /**
     * A plain http(s) URL: a host name or an IP address (IPv6 in brackets), an optional port and an
     * optional path of letters, digits and {@code . _ ~ -}; no user, query, fragment or
     * percent-encoding.
     *
     * @param httpsOnly refuse {@code http}
     */
    public static URI url(String field, URI value, boolean httpsOnly) {
        if (value == null) {
            throw refused(field, acceptedUrl(httpsOnly), null);
        }
        Matcher url = URL.matcher(value.toString());
        if (!url.matches() || (httpsOnly && !url.group(1).equalsIgnoreCase("https"))) {
            throw refused(field, acceptedUrl(httpsOnly), value.toString());
        }
        if (url.group(3) != null) {
            int port = Integer.parseInt(url.group(3));
            if (port < 1 || port > 65535) {
                throw refused(field, "a URL whose port is between 1 and 65535", value.toString());
            }
        }
        return value;
    }

    /** {@link #url(String, URI, boolean)} of a URL given as text, as configuration holds it. */
    public static URI url(String field, String text, boolean httpsOnly) {
        if (text == null) {
            return url(field, (URI) null, httpsOnly);
        }
        try {
            return url(field, new URI(text), httpsOnly);
        } catch (URISyntaxException e) {
            throw refused(field, acceptedUrl(httpsOnly), text);
        }
    }

    private static String acceptedUrl(boolean httpsOnly) {
        return (httpsOnly ? "an https URL" : "an http or https URL")
                + " with a host, an optional port and an optional path of letters, digits and . _ ~ -, "
                + "and no user, query, fragment, quote, space or %, like "
                + (httpsOnly ? "https://labd.lab.example:8443" : "http://bastion.lab.example:8080");
    }

    /** The join token's characters; its value is never shown. */
    static String token(String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("token must be the join token as 'labctl create token' prints it: 20 to 512 "
                    + "letters, digits, '.', '_', ':' or '-'; the one given is not (it is not shown here)");
        }
        return value;
    }

    static String disk(String value) {
        if (value == null || !DISK.matcher(value).matches()) {
            throw refused("disk", "a kernel disk name without /dev/, like sda, vda or nvme0n1", value);
        }
        return value;
    }

    static String timezone(String value) {
        if (value == null || !TIMEZONE.matcher(value).matches() || !ZoneId.getAvailableZoneIds().contains(value)) {
            throw refused("timezone", "a time zone of the tz database, like UTC or Europe/Paris", value);
        }
        return value;
    }

    /**
     * OpenSSH public key lines, {@code TYPE BASE64 [COMMENT]}, whose base64 part decodes to a key
     * of that type; the comment is one word.
     */
    static List<String> sshKeys(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            Matcher key = value == null ? null : SSH_KEY.matcher(value);
            if (key == null || !key.matches() || !KEY_TYPES.contains(key.group(1)) || !key.group(1).equals(keyType(key.group(2)))) {
                throw refused("sshKeys[" + i + "]", "one OpenSSH public key line, TYPE BASE64 [COMMENT], as in a .pub file, "
                        + "with a type among " + KEY_TYPES.stream().sorted().toList() + ", the key of that type in base64, "
                        + "and a one-word comment of letters, digits and @ . _ + = : -", value);
            }
            keys.add(value);
        }
        return List.copyOf(keys);
    }

    /** The type an OpenSSH key blob names in its first field, or null when it is not such a blob. */
    private static String keyType(String base64) {
        try {
            ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            int length = blob.getInt();
            if (length < 1 || length > 64 || length > blob.remaining()) {
                return null;
            }
            byte[] type = new byte[length];
            blob.get(type);
            return new String(type, StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException | BufferUnderflowException e) {
            return null;
        }
    }

    private static IllegalArgumentException refused(String field, String accepted, String value) {
        return new IllegalArgumentException(field + " must be " + accepted + (value == null ? ", and is missing" : ", not " + shown(value)));
    }

    /** The value quoted for a message, control characters escaped, cut to a readable length. */
    static String shown(String value) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < SHOWN_MAX; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> shown.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return shown.append(value.length() > SHOWN_MAX ? "'…" : "'").toString();
    }
}
