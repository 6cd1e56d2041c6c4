package org.labctl.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;

/** What agents report of their modules: known shapes and bounded sizes, a malformed entry refused without the others. */
class StatusReportTest {

    private static Map<String, Object> entry(String name, String state) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("name", name);
        entry.put("version", "1.2.0");
        entry.put("state", state);
        entry.put("health", Map.of("status", "HEALTHY", "message", "synchronised", "checks",
                List.of(Map.of("name", "service chronyd", "status", "HEALTHY", "message", "active"))));
        entry.put("error", null);
        entry.put("since", "2026-12-01T10:00:00Z");
        return entry;
    }

    @Test
    void wellFormedEntriesAreKept() {
        StatusReport report = StatusReport.read(List.of(entry("chrony", "ready"), entry("base", "installing")));
        assertEquals(List.of(), report.refused());
        assertEquals(2, report.entries().size());
        StatusReport.Entry chrony = report.entries().get(0);
        assertEquals("ready", chrony.state());
        assertTrue(chrony.health().contains("\"status\":\"HEALTHY\"") && chrony.health().contains("service chronyd"), chrony.health());
        assertEquals("2026-12-01T10:00Z", chrony.since().toString());
        assertNull(chrony.error());
    }

    @Test
    void aMalformedEntryIsRefusedAndTheOthersKept() {
        List<Object> entries = new ArrayList<>();
        entries.add(entry("chrony", "ready"));
        Map<String, Object> badState = entry("base", "exploded");
        entries.add(badState);
        Map<String, Object> unknownField = entry("dns", "ready");
        unknownField.put("shell", "rm -rf /");
        entries.add(unknownField);
        Map<String, Object> badHealth = entry("k3s", "ready");
        badHealth.put("health", Map.of("status", "GREAT"));
        entries.add(badHealth);
        Map<String, Object> badName = entry("../etc", "ready");
        entries.add(badName);
        Map<String, Object> badVersion = entry("ntp", "ready");
        badVersion.put("version", "latest");
        entries.add(badVersion);
        Map<String, Object> badSince = entry("web", "ready");
        badSince.put("since", "yesterday");
        entries.add(badSince);
        entries.add("not an object");
        entries.add(entry("chrony", "failed"));
        StatusReport report = StatusReport.read(entries);
        assertEquals(List.of("chrony"), report.entries().stream().map(StatusReport.Entry::name).toList());
        assertEquals(8, report.refused().size(), report.refused()::toString);
        assertTrue(report.refused().get(0).contains("exploded"), report.refused().get(0));
        assertTrue(report.refused().get(7).contains("reported twice"), report.refused().get(7));
        // the rows of the refused entries' modules are kept, not dropped as if the agent had removed them
        assertTrue(StatusReport.named(entries).containsAll(Set.of("base", "dns", "k3s", "ntp", "web")));
    }

    @Test
    void messagesAreBoundedAndOnOneLine() {
        Map<String, Object> failed = entry("chrony", "failed");
        failed.put("error", "line one\nline two\t" + "x".repeat(10_000));
        failed.put("health", Map.of("status", "FAILED", "message", "m".repeat(5_000)));
        StatusReport.Entry entry = StatusReport.read(List.of(failed)).entries().get(0);
        assertEquals(StatusReport.MAX_ERROR, entry.error().length());
        assertTrue(entry.error().startsWith("line one line two"), entry.error());
        assertTrue(entry.health().length() < 1_000, entry.health());
    }

    @Test
    void aReportThatIsNotAListOrTooLongIsRefusedWhole() {
        assertThrows(InvalidArgument.class, () -> StatusReport.read(Map.of("chrony", "ready")));
        assertThrows(InvalidArgument.class, () -> StatusReport.read(null));
        List<Object> many = new ArrayList<>();
        for (int i = 0; i <= StatusReport.MAX_ENTRIES; i++) {
            many.add(entry("m" + i, "ready"));
        }
        assertThrows(InvalidArgument.class, () -> StatusReport.read(many));
    }
}
