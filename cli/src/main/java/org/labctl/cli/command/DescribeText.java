package org.labctl.cli.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labctl.cli.Times;

/** How the parts {@code describe} shares read: times with their distance from now, counts by status. */
final class DescribeText {

    private DescribeText() {
    }

    /** {@code 2026-11-28T21:59:55Z (5s ago)}, or {@code absent}. */
    static String time(String iso, Instant now, String absent) {
        return iso == null ? absent : iso + " (" + Times.relative(iso, now) + ")";
    }

    /** {@code 3 (Ready 2, NotReady 1)}, or {@code 0}. */
    static String countByStatus(Map<String, Integer> byStatus) {
        if (byStatus == null || byStatus.isEmpty()) {
            return "0";
        }
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, count) -> parts.add(status + " " + count));
        return total + " (" + String.join(", ", parts) + ")";
    }
}
