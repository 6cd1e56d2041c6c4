package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@link DurationConverter} and {@link HumanDuration}: the durations users type and read. */
class DurationsTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsKubectlStyleDurations() {
        assertEquals(Duration.ofSeconds(30), converter.convert("30s"));
        assertEquals(Duration.ofSeconds(45), converter.convert("45"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofSeconds(90), converter.convert("1m30s"));
        assertEquals(Duration.ofHours(2), converter.convert("2h"));
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
}
