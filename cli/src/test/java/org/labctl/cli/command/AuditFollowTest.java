package org.labctl.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labctl.api.AuditRecord;

/** {@link AuditFollow}: which rows of each poll {@code logs audit -f} prints, and where the next poll starts. */
class AuditFollowTest {

    private static final String OWN = "own-session";

    @Test
    void withoutRowsTheWindowStartsAtSince() {
        assertNull(new AuditFollow(null, OWN).nextSince());
        Instant since = Instant.parse("2026-11-28T21:00:00Z");
        AuditFollow follow = new AuditFollow(since, OWN);
        assertEquals(List.of(), follow.first(List.of(), false));
        assertEquals(since, follow.nextSince());
    }

    @Test
    void theWindowStartsFiveSecondsBeforeTheNewestRowSeen() {
        AuditFollow follow = new AuditFollow(null, OWN);
        follow.first(List.of(row("a", "2026-11-28T21:00:00Z"), row("b", "2026-11-28T21:00:10.250Z")), false);
        assertEquals(Instant.parse("2026-11-28T21:00:05.250Z"), follow.nextSince());
        follow.fresh(List.of(row("c", "2026-11-28T21:00:08Z")));
        assertEquals(Instant.parse("2026-11-28T21:00:05.250Z"), follow.nextSince(), "an older row does not move the window");
    }

    @Test
    void theWindowNeverStartsBeforeSince() {
        Instant since = Instant.parse("2026-11-28T21:00:08Z");
        AuditFollow follow = new AuditFollow(since, OWN);
        follow.first(List.of(row("a", "2026-11-28T21:00:10Z")), false);
        assertEquals(since, follow.nextSince());
    }

    @Test
    void rowsSeenArePrintedOnceAndLateRowsStill() {
        AuditFollow follow = new AuditFollow(null, OWN);
        AuditRecord a = row("a", "2026-11-28T21:00:00Z");
        AuditRecord b = row("b", "2026-11-28T21:00:02Z");
        AuditRecord c = row("c", "2026-11-28T21:00:04Z");
        AuditRecord late = row("late", "2026-11-28T21:00:03Z");
        assertEquals(List.of(a, b), follow.first(List.of(a, b), false));
        assertEquals(List.of(c), follow.fresh(List.of(a, b, c)));
        assertEquals(List.of(late), follow.fresh(List.of(a, b, late, c)), "committed after c, older than it");
        assertEquals(List.of(), follow.fresh(List.of(a, b, late, c)));
    }

    @Test
    void idsAreForgottenOnceTheWindowHasPassedThem() {
        AuditFollow follow = new AuditFollow(null, OWN);
        follow.first(List.of(row("a", "2026-11-28T21:00:00Z"), row("b", "2026-11-28T21:00:01Z")), false);
        assertEquals(2, follow.remembered());
        follow.fresh(List.of(row("c", "2026-11-28T21:00:05.500Z")));
        assertEquals(2, follow.remembered(), "the window starts at 21:00:00.500: a is out, b and c in");
        follow.fresh(List.of(row("d", "2026-11-28T21:01:00Z")));
        assertEquals(1, follow.remembered());
    }

    @Test
    void rowsOlderThanTheWindowAreNotPrintedAgain() {
        AuditFollow follow = new AuditFollow(null, OWN);
        AuditRecord a = row("a", "2026-11-28T21:00:00Z");
        AuditRecord b = row("b", "2026-11-28T21:00:10Z");
        follow.first(List.of(a, b), false);
        assertEquals(1, follow.remembered(), "a is out of the window");
        assertEquals(List.of(), follow.fresh(List.of(a, b)), "as a labd that ignored since would send them");
    }

    @Test
    void ownReadsOfTheAuditLogAreLeftOut() {
        AuditFollow follow = new AuditFollow(null, OWN);
        AuditRecord ownRead = row("own", "2026-11-28T21:00:00Z", OWN, "GET", "/api/v1/audit");
        AuditRecord othersRead = row("other", "2026-11-28T21:00:00Z", "another", "GET", "/api/v1/audit");
        AuditRecord ownChange = row("change", "2026-11-28T21:00:01Z", OWN, "POST", "/api/v1/roles");
        assertEquals(List.of(othersRead, ownChange), follow.first(List.of(ownRead, othersRead, ownChange), false));
        assertEquals(List.of(), follow.fresh(List.of(ownRead, othersRead, ownChange)));
        assertEquals(Instant.parse("2026-11-28T20:59:56Z"), follow.nextSince(), "own reads still count as seen rows");
    }

    @Test
    void aFirstQueryCutAtTheLimitKeepsTheWindowAboveItsOldestRow() {
        AuditFollow follow = new AuditFollow(null, OWN);
        AuditRecord newest = row("n", "2026-11-28T21:00:02Z");
        AuditRecord older = row("o", "2026-11-28T21:00:01Z");
        follow.first(List.of(newest), true);
        assertEquals(Instant.parse("2026-11-28T21:00:02Z"), follow.nextSince(), "rows the limit cut are not printed later");
        assertEquals(List.of(), follow.fresh(List.of(newest)));
        AuditFollow uncut = new AuditFollow(null, OWN);
        uncut.first(List.of(newest), false);
        assertEquals(List.of(older), uncut.fresh(List.of(older, newest)), "without a cut, an older row is a late one");
    }

    @Test
    void rowsWithoutAReadableTimeArePrintedOnce() {
        AuditFollow follow = new AuditFollow(null, OWN);
        AuditRecord timeless = row("t", "yesterday");
        assertEquals(List.of(timeless), follow.first(List.of(timeless), false));
        assertNull(follow.nextSince());
        assertEquals(List.of(), follow.fresh(List.of(timeless)));
    }

    private static AuditRecord row(String id, String at) {
        return row(id, at, "s-" + id, "GET", "/api/v1/servers");
    }

    private static AuditRecord row(String id, String at, String session, String method, String path) {
        return new AuditRecord(id, at, "admin", session, "r-" + id, method, path, "read", "*:*:x", "allowed", 200, 1,
                "127.0.0.1", null);
    }
}
