package org.labctl.modules.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/** How values from files and users appear in messages: quoted, escaped, short. */
public final class Text {

    private static final int MAX_SHOWN = 80;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_/-][A-Za-z0-9_./-]{0,62}");

    private Text() {
    }

    /**
     * The text in double quotes, with control characters, quotes and backslashes escaped and anything past
     * {@value #MAX_SHOWN} characters cut ({@code "..."(N characters)}), safe to print on a terminal.
     */
    public static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        int i = 0;
        for (; i < text.length() && i < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c == '\n') {
                quoted.append("\\n");
            } else if (c == '\t') {
                quoted.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        quoted.append('"');
        if (i < text.length()) {
            quoted.append("...(").append(text.length()).append(" characters)");
        }
        return quoted.toString();
    }

    /** A key from a file as a field path shows it: as is when it is a plain word, else quoted. */
    public static String key(String key) {
        return key != null && PLAIN_KEY.matcher(key).matches() ? key : quote(key);
    }

    /** The closest of {@code known} to {@code given} when it is a likely typo of it (at most two edits), else null. */
    public static String closest(String given, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT), bestDistance);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance, or {@code limit} once it is known to be at least that. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit || a.length() > 64 || b.length() > 64) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
