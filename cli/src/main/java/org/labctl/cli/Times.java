package org.labctl.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The ISO-8601 times labd sends, shown relative to now as kubectl shows them ({@code 3d}, {@code 89d}). */
public final class Times {

    /** Shown for a time labd did not send or that labctl cannot read. */
    public static final String UNKNOWN = "<unknown>";

    private Times() {
    }

    /** The instant of {@code iso}, or null when it is absent or not ISO-8601. */
    public static Instant parse(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }

    /** How long ago {@code iso} was, such as {@code 3d}: an AGE column. */
    public static String age(String iso, Instant now) {
        Instant then = parse(iso);
        return then == null ? UNKNOWN : HumanDuration.approximate(Math.max(0, seconds(Duration.between(then, now))));
    }

    /**
     * How long until {@code iso}, such as {@code 89d}, or how long ago it passed, such as {@code 3h ago}:
     * an EXPIRES column.
     *
     * @param absent what to show when labd sent no time, such as {@code never}
     */
    public static String until(String iso, Instant now, String absent) {
        if (iso == null) {
            return absent;
        }
        Instant then = parse(iso);
        if (then == null) {
            return UNKNOWN;
        }
        long seconds = seconds(Duration.between(now, then));
        return seconds >= 0 ? HumanDuration.approximate(seconds) : HumanDuration.approximate(-seconds) + " ago";
    }

    /** {@code in 89d} or {@code 3h ago}, for a time shown beside its ISO-8601 form. */
    public static String relative(String iso, Instant now) {
        Instant then = parse(iso);
        if (then == null) {
            return UNKNOWN;
        }
        long seconds = seconds(Duration.between(now, then));
        return seconds >= 0 ? "in " + HumanDuration.approximate(seconds) : HumanDuration.approximate(-seconds) + " ago";
    }

    /**
     * Whole seconds, rounded to the nearest: a token made with a 24h lifetime a few milliseconds ago
     * expires in 24h, not in 23h.
     */
    private static long seconds(Duration duration) {
        return Math.round(duration.toMillis() / 1000.0);
    }
}
