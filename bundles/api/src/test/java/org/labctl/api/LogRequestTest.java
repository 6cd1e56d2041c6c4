package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The times {@link LogRequest#check()} lets through to journalctl. Each accepted and refused value
 * below was run through journalctl 252 ({@code journalctl --since=VALUE}) and got the same answer
 * there, except those of {@link #someTimesJournalctlTakesAreRefusedOnPurpose}; LogsIT sends the
 * accepted forms through a real agent's journalctl.
 */
class LogRequestTest {

    /** The forms of systemd.time(7) that labctl takes (LogsIT runs them through journalctl). */
    static final List<String> ACCEPTED = List.of("now", "today", "today UTC", "yesterday", "tomorrow", "tomorrow utc",
            "@1700000000", "@1700000000.5", "-30m", "+3h", "-1h30min", "-1h 30min", "-1.5h", "-5", "1h ago", "1 h ago",
            "1h  ago", "3 days ago", "2h 30min ago", "10 min ago", "1 minutes ago", "1 seconds ago", "1 msec ago",
            "100 us ago", "1\u03bcs ago", "1M ago", "1 month ago", "1y ago", "2w ago", "-1d2h", "1y2M3w4d5h6min7s8ms9us ago",
            "1h2 ago", "999999999 s ago", "5 left", "3 days left", "2026-11-29", "26-11-29", "70-01-02", "2026-1-5",
            "2026-11-29 10:00", "2026-11-29 10:00:05", "2026-11-29 10:00:05.123456", "2026-11-29 10:00:05 UTC",
            "2026-11-29 10:00:05 utc", "2026-11-29 UTC", "Sat 2026-11-28 10:00", "saturday 2026-11-28", "10:00", "10:00:05",
            "10:00:05.5", "9:5", "10:00 UTC", "23:59:59", "1970-01-02", "2999-01-01");

    @Test
    void journalctlsTimesPass() {
        for (String time : ACCEPTED) {
            LogRequest checked = LogRequest.journal(null, null, " " + time + " ", time, false, null, false, false).check();
            assertEquals(time, checked.since(), "trimmed");
            assertEquals(time, checked.until());
        }
    }

    /** What journalctl 252 answers with "Failed to parse timestamp", labctl refuses before sending it. */
    @Test
    void whatJournalctlCannotParseIsRefusedWithTheOptionsName() {
        for (String time : List.of("xyz", "Now", "5", "1hago", "epoch", "-infinity", "1.5.5", "-", "ago", "-1h ago", "+1h ago",
                "+1h,2m", "1H ago", "1 Hour ago", "1 mins ago", "1 hrs ago", "1 secs ago", "1 nsec ago", "1ns ago", "1. h ago",
                "1h ago UTC", "now UTC", "today 10:00", "@-5", "@5 UTC", "2026-11-29T10:00:05", "2026-11-29T10:00:05Z",
                "2026-11-29 10:00:05+01:00", "2026-11-29 10", "2026-11-29 10:00:05.", "010:00", "10:000", "2026-011-29",
                "20261-11-29", "120-11-29", "Sa 2026-11-28", "Sat,2026-11-28", "Sat 10:00", "Sat today",
                "2026-11-29 10:00 Foo/Bar", "1h' ago", "yesterday; rm -rf /", "--output=cat", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> LogRequest.journal(null, null, time, null, false, null, false, false).check(), time);
            assertEquals("--since takes a time such as \"2026-11-29 10:00\", \"1h ago\", \"-30m\" or \"today\", not \""
                    + time + "\"", refused.getMessage());
        }
        IllegalArgumentException until = assertThrows(IllegalArgumentException.class,
                () -> LogRequest.journal(null, null, null, "xyz", false, null, false, false).check());
        assertTrue(until.getMessage().startsWith("--until takes a time such as "), until.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> LogRequest.journal(null, null, "yesterday\n--output=cat", null, false, null, false, false).check());
        assertTrue(control.getMessage().endsWith("not \"yesterday?--output=cat\""), "one line: " + control.getMessage());
    }

    /** Written as times, but out of journalctl's range or not a real date or time of day: the message says which. */
    @Test
    void timesOutOfRangeAreRefusedWithTheReason() {
        for (String time : List.of("60 years ago", "1000 years ago", "99999 years ago", "+999999999 years", "100000 years left",
                "9999-12-31", "1969-12-31", "69-12-31", "0001-01-01")) {
            assertEquals("--since takes a time such as \"2026-11-29 10:00\", \"1h ago\", \"-30m\" or \"today\", not \"" + time
                    + "\", which is not between 1970 and 9999, the times journalctl takes", refusal(time), time);
        }
        for (String time : List.of("25:00", "24:00", "10:60")) {
            assertTrue(refusal(time).endsWith(", which is not a time of day (hours 0-23, minutes and seconds 0-59)"), time);
        }
        for (String time : List.of("2026-13-01", "2026-00-10", "2026-01-00")) {
            assertTrue(refusal(time).endsWith(", which is not a date (YEAR-MONTH-DAY, such as 2026-11-29)"), time);
        }
        assertTrue(refusal("Mon 2026-11-28").endsWith(", which is a Saturday, not a Mon"), refusal("Mon 2026-11-28"));
    }

    /**
     * journalctl takes these, but labctl does not: another zone than UTC depends on the agent's time
     * zone database, and journalctl turns April 31 into May 1 and reads second 61, where a typo is
     * more likely than the intent.
     */
    @Test
    void someTimesJournalctlTakesAreRefusedOnPurpose() {
        assertTrue(refusal("2026-11-29 10:00 Europe/Berlin").endsWith("not \"2026-11-29 10:00 Europe/Berlin\""));
        for (String time : List.of("2026-02-30", "2026-04-31")) {
            assertTrue(refusal(time).endsWith(", which is not a date (YEAR-MONTH-DAY, such as 2026-11-29)"), time);
        }
        assertTrue(refusal("2026-11-29 10:00:61").endsWith(", which is not a time of day (hours 0-23, minutes and seconds 0-59)"));
    }

    private static String refusal(String time) {
        return assertThrows(IllegalArgumentException.class,
                () -> LogRequest.journal(null, null, time, null, false, null, false, false).check(), time).getMessage();
    }
}
