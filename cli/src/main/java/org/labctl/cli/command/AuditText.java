package org.labctl.cli.command;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.labctl.api.AuditRecord;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;

/**
 * How audit rows read in tables. Their paths and details come from whoever sent the request,
 * so every cell is made {@link Printer#printable}.
 */
final class AuditText {

    /** Shown for what a row does not have, such as the action of a request open to any user. */
    static final String ABSENT = "-";

    private AuditText() {
    }

    /** TIME USER SESSION METHOD PATH ACTION RESOURCE RESULT STATUS MS, and for -o wide SOURCE REQUEST-ID DETAILS. */
    static List<String> headers(boolean wide) {
        List<String> headers = new ArrayList<>(List.of("time", "user", "session", "method", "path", "action", "resource",
                "result", "status", "ms"));
        if (wide) {
            headers.addAll(List.of("source", "request-id", "details"));
        }
        return headers;
    }

    static List<List<String>> rows(List<AuditRecord> records, boolean wide) {
        return records.stream().map(record -> row(record, wide)).toList();
    }

    /** One row; -o wide shows the whole session id, which {@code labctl logs audit/SESSION} takes. */
    static List<String> row(AuditRecord record, boolean wide) {
        List<String> row = new ArrayList<>(List.of(time(record.at()), orAbsent(record.user()),
                wide ? orAbsent(record.sessionId()) : shortSession(record.sessionId()), orAbsent(record.method()),
                orAbsent(record.path()), orAbsent(record.action()), orAbsent(record.resource()), orAbsent(record.result()),
                record.httpStatus() == null ? ABSENT : record.httpStatus().toString(),
                record.durationMs() == null ? ABSENT : record.durationMs().toString()));
        if (wide) {
            row.add(orAbsent(record.sourceAddress()));
            row.add(orAbsent(record.requestId()));
            row.add(orAbsent(record.details()));
        }
        return row.stream().map(Printer::printable).toList();
    }

    /** {@code 2026-11-28T21:59:30Z}: UTC to the second; -o json has labd's microseconds. */
    static String time(String at) {
        Instant instant = Times.parse(at);
        return instant == null ? orAbsent(at) : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code 4f1c2a9b…}: enough to tell the sessions in a table apart. */
    static String shortSession(String sessionId) {
        return sessionId == null || sessionId.isBlank() ? ABSENT : TokenText.shortId(sessionId);
    }

    private static String orAbsent(String text) {
        return text == null || text.isBlank() ? ABSENT : text;
    }
}
