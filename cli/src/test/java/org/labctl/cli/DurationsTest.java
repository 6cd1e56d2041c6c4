package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@link DurationConverter}, {@link HumanDuration}, {@link Times} and {@link PointInTime}: the durations users type and read. */
class DurationsTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsKubectlStyleDurations() {
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofSeconds(45), converter.convert("45"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(90), converter.convert("1m30s"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
        assertEquals(Duration.ofDays(90), converter.convert("90d"));
        assertEquals(Duration.ofDays(1).plusHours(12), converter.convert("1d12h"));
        assertEquals(Duration.ZERO, converter.convert("0"));
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThrows(TypeConversionException.class, () -> converter.convert("soon"));
        assertThrows(TypeConversionException.class, () -> converter.convert("30s later"));
        assertThrows(TypeConversionException.class, () -> converter.convert("-5s"));
    }

    @Test
    void formatsWhatItReads() {
        assertEquals("200ms", DurationConverter.format(Duration.ofMillis(200)));
        assertEquals("1m30s", DurationConverter.format(Duration.ofSeconds(90)));
    }

    @Test
    void humanDurationsKeepTheTwoLargestUnits() {
        assertEquals("0s", HumanDuration.format(0));
        assertEquals("45s", HumanDuration.format(45));
        assertEquals("3m12s", HumanDuration.format(192));
        assertEquals("1h2m", HumanDuration.format(3725));
        assertEquals("2h", HumanDuration.format(7200));
        assertEquals("4d3h", HumanDuration.format(4 * 86_400 + 3 * 3600 + 59));
    }

    @Test
    void approximateDurationsRoundAsKubectlAges() {
        assertEquals("0s", HumanDuration.approximate(0));
        assertEquals("119s", HumanDuration.approximate(119));
        assertEquals("7m5s", HumanDuration.approximate(7 * 60 + 5));
        assertEquals("42m", HumanDuration.approximate(42 * 60 + 59));
        assertEquals("5h30m", HumanDuration.approximate(5 * 3600 + 30 * 60));
        assertEquals("23h", HumanDuration.approximate(23 * 3600 + 59 * 60));
        assertEquals("4d3h", HumanDuration.approximate(4 * 86_400 + 3 * 3600));
        assertEquals("89d", HumanDuration.approximate(89 * 86_400 + 23 * 3600));
        assertEquals("2y40d", HumanDuration.approximate((2 * 365 + 40) * 86_400L));
    }

    @Test
    void timesAreShownRelativeToNow() {
        Instant now = Instant.parse("2026-11-28T22:00:00Z");
        assertEquals("3d", Times.age("2026-11-25T22:00:00Z", now));
        assertEquals("24h", Times.until("2026-11-29T21:59:59.600Z", now, "never"), "rounded to the nearest second");
        assertEquals("12h ago", Times.until("2026-11-28T10:00:00Z", now, "never"));
        assertEquals("never", Times.until(null, now, "never"));
        assertEquals("in 90d", Times.relative("2027-02-26T22:00:00Z", now));
        assertEquals("120m ago", Times.relative("2026-11-28T21:00:00+01:00", now), "an offset is read too");
        assertEquals(Times.UNKNOWN, Times.age("yesterday", now));
    }

    @Test
    void pointsInTimeAreDurationsAgoOrIsoTimes() {
        Instant now = Instant.parse("2026-11-28T22:00:00Z");
        assertEquals(Instant.parse("2026-11-28T21:59:30Z"), PointInTime.parse("30s", now));
        assertEquals(Instant.parse("2026-11-28T21:45:00Z"), PointInTime.parse("15m", now));
        assertEquals(Instant.parse("2026-11-28T21:00:00Z"), PointInTime.parse("1h", now));
        assertEquals(Instant.parse("2026-11-21T22:00:00Z"), PointInTime.parse("7d", now));
        assertEquals(Instant.parse("2026-11-28T20:30:00Z"), PointInTime.parse("1h30m", now));
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), PointInTime.parse("2026-11-29T10:00:00Z", now));
        assertEquals(Instant.parse("2026-11-29T09:00:00Z"), PointInTime.parse("2026-11-29T10:00:00+01:00", now));
        assertEquals(Instant.parse("2026-11-29T10:00:00.123456Z"), PointInTime.parse("2026-11-29T10:00:00.123456Z", now));
        for (String bad : List.of("yesterday", "-5m", "2026-11-29", "2026-11-29T10:00:00", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointInTime.parse(bad, now));
            assertEquals("'" + bad + "' is neither a duration such as 30s, 15m, 1h or 7d nor an ISO-8601 time such as "
                    + "2026-11-29T10:00:00Z", e.getMessage());
        }
    }
}
