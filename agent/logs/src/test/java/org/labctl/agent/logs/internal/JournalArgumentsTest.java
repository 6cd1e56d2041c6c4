package org.labctl.agent.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.labctl.api.LogRequest;
import org.junit.jupiter.api.Test;

class JournalArgumentsTest {

    private static List<String> units(String... units) {
        return JournalArguments.command(LogRequest.journal(List.of(units), null, null, null, false, null, false, false), null);
    }

    @Test
    void everyFlagBecomesItsOwnOptionWithTheValueAttached() {
        List<String> all = JournalArguments.command(LogRequest.journal(List.of("sshd", "k3s.service"), 100, "1h ago", "2026-11-29 10:00", true, "warning..err", true, true), "/var/lib/journal-test");
        assertEquals(List.of("journalctl", "--no-pager", "--quiet", "--output=json", "--directory=/var/lib/journal-test",
                "--unit=sshd", "--unit=k3s.service", "--lines=100", "--since=1h ago", "--until=2026-11-29 10:00", "--dmesg",
                "--priority=warning..err", "--follow"), all);
        assertEquals(List.of("journalctl", "--no-pager", "--quiet", "--output=short-iso"), units());
        assertEquals("--since=-1h", JournalArguments.command(LogRequest.journal(null, null, "-1h", null, false, null, false, false), null).get(4),
                "a relative time that starts with - stays the value of --since");
        assertEquals("--priority=err", JournalArguments.command(LogRequest.journal(null, null, null, null, false, "ERR", false, false), null).get(4));
    }

    @Test
    void valuesThatCouldBeOptionsOrAreNotWhatJournalctlTakesAreRefusedClearly() {
        for (String unit : List.of("-o", "--output=cat", "ssh d", "a;b", "$(id)", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> units(unit), unit);
            assertTrue(refused.getMessage().contains("is not a systemd unit name"), refused.getMessage());
        }
        for (String time : List.of("--output=cat", "1h' ago", "yesterday\n--output=cat", "")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> JournalArguments.command(LogRequest.journal(null, null, time, null, false, null, false, false), null), time);
            assertTrue(refused.getMessage().startsWith("--since takes a time"), refused.getMessage());
        }
        for (String priority : List.of("error", "8", "err..", "..err", "err..warning..info", "-p")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> JournalArguments.command(LogRequest.journal(null, null, null, null, false, priority, false, false), null), priority);
            assertTrue(refused.getMessage().startsWith("-p takes a level"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> JournalArguments.command(LogRequest.journal(null, -1, null, null, false, null, false, false), null));
        assertThrows(IllegalArgumentException.class,
                () -> JournalArguments.command(LogRequest.journal(null, null, null, null, false, null, false, false), "relative/dir"));
    }

    @Test
    void fileAndAgentRequestsTakeNoJournalOptionsAndFilesMustBeAbsolute() {
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> new LogRequest(LogRequest.FILE, List.of("sshd"), null, "1h ago", null, true, null, false, false, "/var/log/x").check());
        assertEquals("-u, --since, -k select journal entries: leave them out with --file", mixed.getMessage());
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> LogRequest.file("log/../x", 10, false).check());
        assertTrue(relative.getMessage().startsWith("--file needs the absolute path"), relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogRequest("shell", null, null, null, null, false, null, false, false, null).check());
        assertThrows(IllegalArgumentException.class, () -> JournalArguments.command(LogRequest.agent(5, true), null),
                "only journal requests become journalctl command lines");
        assertEquals("--file /var/log/syslog -n 5 -f", LogRequest.file("/var/log/syslog", 5, true).check().describe());
    }
}
