package org.labctl.cli.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.AuditRecord;
import org.labctl.cli.Times;

/**
 * Which rows {@code labctl logs audit -f} prints of each poll. Several labd instances write the
 * log, and a row commits when its request ends, so a row can appear after a newer one was read:
 * each poll asks for the rows since the newest one seen minus {@link #OVERLAP}, and rows already
 * printed are recognised by id, remembered until they fall out of that window. labctl's own reads
 * of the audit log (its session's {@code GET /api/v1/audit} rows) are left out, or every poll
 * would print a row of its own.
 */
final class AuditFollow {

    /** How late a row may commit after a newer one and still be printed. */
    static final Duration OVERLAP = Duration.ofSeconds(5);
    private static final String AUDIT_PATH = "/api/v1/audit";

    private final String ownSession;
    /** The rows printed or skipped, by id, with their time (null when labd sent none readable). */
    private final Map<String, Instant> seen = new HashMap<>();
    private Instant since;
    private Instant newest;

    /**
     * @param since      the {@code --since} asked for, or null
     * @param ownSession this invocation's session id
     */
    AuditFollow(Instant since, String ownSession) {
        this.since = since;
        this.ownSession = ownSession;
    }

    /**
     * The rows of the first query, which are all new. When labd cut them at the limit, older rows
     * the next polls would see were left out on purpose: the window never reaches below them.
     */
    List<AuditRecord> first(List<AuditRecord> rows, boolean cutAtLimit) {
        if (cutAtLimit) {
            rows.stream().map(row -> Times.parse(row.at())).filter(at -> at != null).min(Instant::compareTo)
                    .ifPresent(oldest -> since = since == null || oldest.isAfter(since) ? oldest : since);
        }
        return fresh(rows);
    }

    /** The {@code since} of the next poll: the newest row seen minus {@link #OVERLAP}, never before {@code --since}. */
    Instant nextSince() {
        if (newest == null) {
            return since;
        }
        Instant window = newest.minus(OVERLAP);
        return since != null && since.isAfter(window) ? since : window;
    }

    /**
     * The rows of {@code batch}, the answer to a query from {@link #nextSince}, not seen before, in
     * labd's order (oldest first), without labctl's own audit reads. A row older than the window
     * asked for is not printed: it was printed already, or left out on purpose.
     */
    List<AuditRecord> fresh(List<AuditRecord> batch) {
        Instant window = nextSince();
        List<AuditRecord> fresh = new ArrayList<>();
        for (AuditRecord row : batch) {
            Instant at = Times.parse(row.at());
            if (at != null && window != null && at.isBefore(window)) {
                continue;
            }
            if (at != null && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
            if (!seen.containsKey(row.id())) {
                seen.put(row.id(), at);
                if (!ownAuditRead(row)) {
                    fresh.add(row);
                }
            }
        }
        Instant horizon = nextSince();
        if (horizon != null) {
            // labd returns none of these again: the next poll starts at the horizon
            seen.values().removeIf(at -> at != null && at.isBefore(horizon));
        }
        return fresh;
    }

    /** How many ids are remembered: at most the rows of one window. */
    int remembered() {
        return seen.size();
    }

    private boolean ownAuditRead(AuditRecord row) {
        // labd records the path without the query
        return ownSession.equals(row.sessionId()) && "GET".equals(row.method()) && AUDIT_PATH.equals(row.path());
    }
}
