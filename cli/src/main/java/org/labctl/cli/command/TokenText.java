package org.labctl.cli.command;

import java.util.Map;
import java.util.TreeMap;
import org.labctl.api.TokenInfo;

/** How join tokens read in tables and messages. */
final class TokenText {

    /** Enough of an id to tell tokens apart in a message; tables show it whole. */
    private static final int SHORT_ID = 8;

    private TokenText() {
    }

    /** {@code 9f2c1e0a…}. */
    static String shortId(String id) {
        return id == null || id.length() <= SHORT_ID ? String.valueOf(id) : id.substring(0, SHORT_ID) + "…";
    }

    /**
     * Where enrolled servers go and which may enrol: {@code baremetal/lab rack=r1 mac=52:54:00:12:34:56},
     * {@code baremetal/-} for no environment.
     */
    static String scope(TokenInfo token) {
        StringBuilder scope = new StringBuilder(ServerText.placement(token.cloud(), token.environment()));
        Map<String, String> labels = token.labels() == null ? Map.of() : new TreeMap<>(token.labels());
        labels.forEach((key, value) -> scope.append(' ').append(key).append('=').append(value));
        if (token.mac() != null) {
            scope.append(" mac=").append(token.mac());
        }
        return scope.toString();
    }

    /** Only the cloud: no environment, label or MAC address narrows it. */
    static boolean cloudOnly(TokenInfo token) {
        return token.environment() == null && (token.labels() == null || token.labels().isEmpty()) && token.mac() == null;
    }

    /** {@code 3} or {@code unlimited}. */
    static String usesLeft(TokenInfo token) {
        return token.usesLeft() == null ? "unlimited" : token.usesLeft().toString();
    }
}
