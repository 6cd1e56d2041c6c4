package org.labctl.cli;

import java.time.Instant;
import picocli.CommandLine.TypeConversionException;

/**
 * The times options such as {@code --since} take, as {@code kubectl logs --since} and
 * {@code journalctl --since} do: a duration back from now ({@code 30s}, {@code 15m}, {@code 1h},
 * {@code 7d}, {@code 1h30m}) or an ISO-8601 time ({@code 2026-11-29T10:00:00Z}, or with an offset).
 */
public final class PointInTime {

    private PointInTime() {
    }

    /**
     * The instant {@code text} names.
     *
     * @throws IllegalArgumentException with a message saying what is accepted
     */
    public static Instant parse(String text, Instant now) {
        try {
            return now.minus(new DurationConverter().convert(text));
        } catch (TypeConversionException notADuration) {
            // then a time, or reported below with both forms
        }
        Instant time = Times.parse(text.strip());
        if (time == null) {
            throw new IllegalArgumentException("'" + text + "' is neither a duration such as 30s, 15m, 1h or 7d nor an "
                    + "ISO-8601 time such as 2026-11-29T10:00:00Z");
        }
        return time;
    }
}
