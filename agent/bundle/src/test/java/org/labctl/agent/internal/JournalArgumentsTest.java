package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JournalArgumentsTest {

    private static JournalArguments units(String... units) {
        return new JournalArguments(List.of(units), null, null, null, false, null, false, false, null);
    }

    @Test
    void everyFlagBecomesItsOwnOptionWithTheValueAttached() {
        JournalArguments all = new JournalArguments(List.of("sshd", "k3s.service"), 100, "1h ago", "2026-11-29 10:00",
                true, "warning..err", true, true, "/var/lib/journal-test");
        assertEquals(List.of("journalctl", "--no-pager", "--quiet", "--output=json", "--directory=/var/lib/journal-test",
                "--unit=sshd", "--unit=k3s.service", "--lines=100", "--since=1h ago", "--until=2026-11-29 10:00", "--dmesg",
                "--priority=warning..err", "--follow"), all.command());
        assertEquals(List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso"), units().command());
        assertEquals("--since=-1h", new JournalArguments(null, null, "-1h", null, false, null, false, false, null).command().get(4),
                "a relative time that starts with - stays the value of --since");
        assertEquals("--priority=err", new JournalArguments(null, null, null, null, false, "ERR", false, false, null).command().get(4));
    }

    @Test
    void valuesThatCouldBeOptionsOrAreNotWhatJournalctlTakesAreRefusedClearly() {
        for (String unit : List.of("-o", "--output=cat", "ssh d", "a;b", "$(id)", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> units(unit).command(), unit);
            assertTrue(refused.getMessage().contains("is not a systemd unit name"), refused.getMessage());
        }
        for (String time : List.of("--output=cat", "1h' ago", "yesterday\n--output=cat", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new JournalArguments(null, null, time, null, false, null, false, false, null).command(), time);
            assertTrue(refused.getMessage().startsWith("--since takes a time"), refused.getMessage());
        }
        for (String priority : List.of("error", "8", "err..", "..err", "err..warning..info", "-p")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new JournalArguments(null, null, null, null, false, priority, false, false, null).command(), priority);
            assertTrue(refused.getMessage().startsWith("-p takes a level"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new JournalArguments(null, -1, null, null, false, null, false, false, null).command());
        assertThrows(IllegalArgumentException.class,
                () -> new JournalArguments(null, null, null, null, false, null, false, false, "relative/dir").command());
    }
}
