package org.labctl.api;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times {@code journalctl --since/--until} takes, as systemd's {@code parse_timestamp} reads
 * them (systemd.time(7), checked against journalctl 252): {@code now}, {@code today},
 * {@code yesterday}, {@code tomorrow}; {@code @SECONDS} since the epoch; a time span before or after
 * now ({@code -30m}, {@code +1h}, {@code 1h 30min ago}, {@code 2 days left}); a date and time
 * ({@code 2026-11-29}, {@code 2026-11-29 10:00}, {@code 10:00:05.5}, with an optional weekday
 * before and {@code UTC} after). A time is accepted only if its parts are in range (a real date,
 * hours 0-23) and it lies between 1970 and 9999, where journalctl refuses it too: a pattern of
 * allowed characters let {@code xyz} through to journalctl, which failed with "Failed to parse
 * timestamp". A few forms journalctl also reads are left out (other zones than UTC, {@code .5h},
 * spaces after {@code +}), so that whatever passes here journalctl parses.
 */
final class JournalTime {

    /** systemd's units, each to microseconds; a number without one counts seconds. */
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("usec", 1L), Map.entry("us", 1L), Map.entry("\u03bcs", 1L), Map.entry("\u00b5s", 1L),
            Map.entry("msec", 1_000L), Map.entry("ms", 1_000L),
            Map.entry("seconds", 1_000_000L), Map.entry("second", 1_000_000L), Map.entry("sec", 1_000_000L),
            Map.entry("s", 1_000_000L),
            Map.entry("minutes", 60_000_000L), Map.entry("minute", 60_000_000L), Map.entry("min", 60_000_000L),
            Map.entry("m", 60_000_000L),
            Map.entry("hours", 3_600_000_000L), Map.entry("hour", 3_600_000_000L), Map.entry("hr", 3_600_000_000L),
            Map.entry("h", 3_600_000_000L),
            Map.entry("days", 86_400_000_000L), Map.entry("day", 86_400_000_000L), Map.entry("d", 86_400_000_000L),
            Map.entry("weeks", 604_800_000_000L), Map.entry("week", 604_800_000_000L), Map.entry("w", 604_800_000_000L),
            Map.entry("months", 2_629_800_000_000L), Map.entry("month", 2_629_800_000_000L), Map.entry("M", 2_629_800_000_000L),
            Map.entry("years", 31_557_600_000_000L), Map.entry("year", 31_557_600_000_000L), Map.entry("y", 31_557_600_000_000L));
    /** The units longest first, so that a regular expression tries {@code min} before {@code m}. */
    private static final String UNIT = "(?:usec|us|\u03bcs|\u00b5s|msec|ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h"
            + "|days|day|d|weeks|week|w|months|month|M|years|year|y)";
    private static final String NUMBER = "\\d{1,12}(?:\\.\\d{1,9})?";
    private static final Pattern SPAN = Pattern.compile("(?:" + NUMBER + " *" + UNIT + "?)(?: *" + NUMBER + " *" + UNIT + "?)*");
    private static final Pattern SPAN_PART = Pattern.compile("(" + NUMBER + ") *(" + UNIT + ")?");
    private static final Pattern RELATIVE = Pattern.compile("([+-])(.+)|(.+?) +(ago|left)");
    private static final Pattern KEYWORD = Pattern.compile("now|(today|yesterday|tomorrow)(?: (?i:utc))?");
    private static final Pattern EPOCH = Pattern.compile("@\\d{1,12}(?:\\.\\d{1,9})?");
    private static final Pattern ABSOLUTE = Pattern.compile(
            "(?:(?<weekday>[A-Za-z]{3,9}) )?(?<year>\\d{4}|\\d{2})-(?<month>\\d{1,2})-(?<day>\\d{1,2})"
                    + "(?: (?<time>\\d{1,2}:\\d{1,2}(?::\\d{1,2}(?:\\.\\d{1,9})?)?))?(?: (?i:utc))?"
                    + "|(?<clock>\\d{1,2}:\\d{1,2}(?::\\d{1,2}(?:\\.\\d{1,9})?)?)(?: (?i:utc))?");
    /** journalctl's range, a day inside it at each end for the time zone of the agent. */
    private static final Instant EARLIEST = Instant.parse("1970-01-02T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-29T00:00:00Z");

    /** What {@link #problem} says of a value that is not written as a time at all. */
    static final String NOT_A_TIME = "";

    private JournalTime() {
    }

    /**
     * Why journalctl would refuse {@code value} (already trimmed) at {@code now}: {@link #NOT_A_TIME} when it
     * is not written as a time, else what is out of range; null when journalctl takes it.
     */
    static String problem(String value, Instant now) {
        if (value.length() > 64) {
            return "is too long";
        }
        if (KEYWORD.matcher(value).matches() || EPOCH.matcher(value).matches()) {
            return null;
        }
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            boolean before = "-".equals(relative.group(1)) || "ago".equals(relative.group(4));
            String span = relative.group(1) != null ? relative.group(2) : relative.group(3);
            if (!SPAN.matcher(span).matches()) {
                return syntax();
            }
            BigDecimal micros = micros(span);
            BigDecimal at = BigDecimal.valueOf(now.getEpochSecond()).multiply(BigDecimal.valueOf(1_000_000L))
                    .add(before ? micros.negate() : micros);
            return inRange(at) ? null : outOfRange();
        }
        Matcher absolute = ABSOLUTE.matcher(value);
        if (absolute.matches()) {
            return absolute(absolute);
        }
        return syntax();
    }

    private static String absolute(Matcher absolute) {
        String clock = absolute.group("clock") != null ? absolute.group("clock") : absolute.group("time");
        if (clock != null) {
            String[] parts = clock.split("[:.]");
            if (Integer.parseInt(parts[0]) > 23 || Integer.parseInt(parts[1]) > 59
                    || parts.length > 2 && Integer.parseInt(parts[2]) > 59) {
                return "is not a time of day (hours 0-23, minutes and seconds 0-59)";
            }
        }
        if (absolute.group("year") == null) {
            return null;
        }
        String yearText = absolute.group("year");
        int year = Integer.parseInt(yearText);
        if (yearText.length() == 2) {
            year += year >= 69 ? 1900 : 2000; // as strptime's %y
        }
        LocalDate date;
        try {
            date = LocalDate.of(year, Integer.parseInt(absolute.group("month")), Integer.parseInt(absolute.group("day")));
        } catch (DateTimeException e) {
            return "is not a date (YEAR-MONTH-DAY, such as 2026-11-29)";
        }
        String weekday = absolute.group("weekday");
        if (weekday != null) {
            DayOfWeek day = weekday(weekday);
            if (day == null) {
                return syntax();
            }
            if (day != date.getDayOfWeek()) {
                return "is a " + date.getDayOfWeek().name().charAt(0)
                        + date.getDayOfWeek().name().substring(1).toLowerCase(Locale.ROOT) + ", not a " + weekday;
            }
        }
        Instant at = LocalDateTime.of(date, LocalTime.MIDNIGHT).toInstant(ZoneOffset.UTC);
        return at.isBefore(EARLIEST) || at.isAfter(LATEST) ? outOfRange() : null;
    }

    /** A weekday as systemd writes it, Monday or Mon, in any case, or null. */
    private static DayOfWeek weekday(String name) {
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(full) || lower.equals(full.substring(0, 3))) {
                return day;
            }
        }
        return null;
    }

    private static BigDecimal micros(String span) {
        BigDecimal total = BigDecimal.ZERO;
        Matcher part = SPAN_PART.matcher(span);
        while (part.find()) {
            long unit = part.group(2) == null ? UNITS.get("s") : UNITS.get(part.group(2));
            total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unit)));
        }
        return total;
    }

    private static boolean inRange(BigDecimal epochMicros) {
        BigDecimal million = BigDecimal.valueOf(1_000_000L);
        return epochMicros.compareTo(BigDecimal.valueOf(EARLIEST.getEpochSecond()).multiply(million)) >= 0
                && epochMicros.compareTo(BigDecimal.valueOf(LATEST.getEpochSecond()).multiply(million)) <= 0;
    }

    private static String outOfRange() {
        return "is not between 1970 and 9999, the times journalctl takes";
    }

    private static String syntax() {
        return NOT_A_TIME;
    }
}
