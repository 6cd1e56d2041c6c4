package org.labctl.core.command;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.api.InvalidArgument;
import org.labctl.core.AuditLog;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:audit}: the newest audit rows with labctl's filters, as {@code labctl logs audit} shows them (same service). */
@Service
@Command(scope = "lab", name = "audit", description = "Shows the newest audit rows (needs read:*:*:audit; reading is audited too)")
public class AuditCommand implements Action {

    @Reference
    AuditLog audit;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "session", description = "only this labctl session's rows")
    String session;

    @Option(name = "--user", description = "only this user's rows")
    String user;

    @Option(name = "--action", description = "only this action (read, exec, apply, destroy, manage, admin, kubectl)")
    String action;

    @Option(name = "--result", description = "allowed, denied or error")
    String result;

    @Option(name = "--since", description = "rows from this time (2026-11-29T10:00:00Z) or this long ago (30m, 2h, 7d)")
    String since;

    @Option(name = "--until", description = "rows up to this time")
    String until;

    @Option(name = "--limit", description = "how many of the newest rows (default 50)")
    int limit = 50;

    @Option(name = "--wide", description = "also the source address, request id and details")
    boolean wide;

    @Override
    public Object execute() {
        AuditQuery query = new AuditQuery(user, action, result, session, time(since), time(until), limit);
        List<AuditRecord> rows = shell.run(OperatorShell.line("lab:audit", flag("--user", user), user, flag("--action", action),
                action, flag("--result", result), result, flag("--since", since), since, flag("--until", until), until, "--limit", limit, session),
                new Gate.Request("audit", "read", "audit"), access -> audit.query(query));
        ShellTable table = wide
                ? Tables.of("TIME", "USER", "SESSION", "METHOD", "PATH", "ACTION", "RESOURCE", "RESULT", "STATUS", "MS", "SOURCE",
                "REQUEST-ID", "DETAILS")
                : Tables.of("TIME", "USER", "SESSION", "METHOD", "PATH", "ACTION", "RESOURCE", "RESULT", "STATUS", "MS");
        for (AuditRecord row : rows) {
            var cells = table.addRow();
            cells.addContent(second(row.at()), Tables.or(row.user(), "-"), Tables.or(row.sessionId(), "-"), row.method(), row.path(),
                    Tables.or(row.action(), "-"), Tables.or(row.resource(), "-"), row.result(), Tables.or(row.httpStatus(), "-"),
                    Tables.or(row.durationMs(), "-"));
            if (wide) {
                cells.addContent(Tables.or(row.sourceAddress(), "-"), Tables.or(row.requestId(), "-"), Tables.or(row.details(), "-"));
            }
        }
        table.print(System.out);
        return null;
    }

    private static String flag(String name, String value) {
        return ServersCommand.flag(name, value);
    }

    /** A time as labd takes it: ISO-8601 as given, or {@code 30m}/{@code 2h}/{@code 7d}/{@code 90s} ago. */
    static String time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.matches("\\d+[smhd]")) {
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            ChronoUnit unit = switch (text.charAt(text.length() - 1)) {
                case 's' -> ChronoUnit.SECONDS;
                case 'm' -> ChronoUnit.MINUTES;
                case 'h' -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return Instant.now().minus(Duration.of(amount, unit)).toString();
        }
        try {
            java.time.OffsetDateTime.parse(value.trim());
            return value.trim();
        } catch (DateTimeParseException e) {
            throw new InvalidArgument("'" + value + "' is neither a time like 2026-11-29T10:00:00Z nor a duration like 30m, 2h or 7d");
        }
    }

    private static String second(String at) {
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (RuntimeException e) {
            return at;
        }
    }
}
