package org.labctl.cli.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.api.Permission;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.PointInTime;
import org.labctl.cli.Printer;
import org.labctl.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl logs audit[/SESSION]}: labd's audit log, filtered, once or followed ({@code -f}). */
@Command(name = "audit",
        description = {
            "Print labd's audit log: one row for every request, allowed, denied or failed.",
            "Shows the newest rows (--limit, default 1000), oldest first, narrowed by the",
            "options; audit/SESSION shows what one labctl invocation did (each sends its",
            "session id; set LABCTL_SESSION to give several one id). -f prints new rows as",
            "they come, until Ctrl-C, leaving out its own reads of the log. -o wide adds",
            "the whole session id, the source address, request id and details; -o json",
            "prints the list as labd returns it, and with -f one object a line (JSON Lines)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl logs audit --since 1h",
            "  labctl logs audit --user bob --result denied --since 7d",
            "  labctl logs audit --since 2026-11-29T10:00:00Z --until 2026-11-29T11:00:00Z",
            "  labctl logs audit --action manage --limit 20 -o wide",
            "  labctl logs audit -f -o json | jq -r 'select(.result == \"denied\") | .path'",
            "  labctl logs audit/4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998"})
public final class LogsAuditCommand implements Callable<Integer> {

    /** What labctl asks for without --limit; labd answers at most {@link #MAX_LIMIT}. */
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SESSION", arity = "0..1",
            description = "Only the requests of this session, as the SESSION column shows it with -o wide.")
    private String session;

    @Option(names = "--user", paramLabel = "USER", description = "Only this user's requests.")
    private String user;

    @Option(names = "--action", paramLabel = "ACTION", completionCandidates = Candidates.Actions.class,
            description = "Only requests that needed this action: ${COMPLETION-CANDIDATES}.")
    private String action;

    @Option(names = "--result", paramLabel = "RESULT", completionCandidates = Candidates.AuditResults.class,
            description = "Only requests with this result: ${COMPLETION-CANDIDATES}.")
    private String result;

    @Option(names = "--since", paramLabel = "DURATION|TIME",
            description = "Only rows this recent, such as 30s, 15m, 1h or 7d, or since an ISO-8601 time such as "
                    + "2026-11-29T10:00:00Z.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Only rows before this ISO-8601 time (or this long ago, such as 1h).")
    private String until;

    @Option(names = "--limit", paramLabel = "N",
            description = "At most the newest N rows, 1 to " + MAX_LIMIT + ". Default: " + DEFAULT_LIMIT + ".")
    private Integer limit;

    @Option(names = {"-f", "--follow"}, description = "Then print new rows as they come, until Ctrl-C.")
    private boolean follow;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public LogsAuditCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        AuditQuery query = query();
        LabdClient labd = connection.connect();
        List<AuditRecord> rows = labd.audit(query);
        if (!follow) {
            printer.list(rows, format, "audit records",
                    (records, wideTable) -> printer.table(AuditText.headers(wideTable), AuditText.rows(records, wideTable)));
            return ExitCode.OK;
        }
        AuditFollow window = new AuditFollow(query.since() == null ? null : Instant.parse(query.since()), labd.sessionId());
        Printer.TableStream table = printer.tableStream(AuditText.headers(format == OutputFormat.WIDE));
        print(window.first(rows, rows.size() >= query.limit()), format, table);
        return follow(labd, query, window, format, table);
    }

    /** Polls every {@link #POLL_INTERVAL} until interrupted, riding out moments labd cannot be reached. */
    private int follow(LabdClient labd, AuditQuery query, AuditFollow window, OutputFormat format,
                       Printer.TableStream table) {
        return FollowPoll.run(printer, "labd at " + labd.server(), POLL_INTERVAL, () -> {
            Instant from = window.nextSince();
            return labd.audit(new AuditQuery(query.user(), query.action(), query.result(), query.sessionId(),
                    from == null ? null : from.toString(), null, MAX_LIMIT));
        }, batch -> {
            if (batch.size() >= MAX_LIMIT) {
                printer.error("more than " + MAX_LIMIT + " rows came within " + AuditFollow.OVERLAP.toSeconds()
                        + "s: some were not printed; narrow the rows with --user, --action or --result");
            }
            print(window.fresh(batch), format, table);
        });
    }

    private void print(List<AuditRecord> rows, OutputFormat format, Printer.TableStream table) {
        if (rows.isEmpty()) {
            return;
        }
        if (format.human()) {
            table.print(AuditText.rows(rows, format == OutputFormat.WIDE));
        } else {
            rows.forEach(row -> printer.streamed(row, format));
        }
    }

    /** The options as labd's query; a value labd would refuse, or that finds nothing for sure, is a usage error. */
    private AuditQuery query() {
        if (session != null && !Session.valid(session)) {
            throw usage("'" + session + "' is not a session id: 1 to 64 letters, digits, '.', '_' or '-' "
                    + "(labctl logs audit -o wide shows them)");
        }
        if (action != null && !Permission.ACTIONS.contains(action)) {
            throw usage("--action must be one of " + String.join(", ", Permission.ACTIONS) + ", not '" + action + "'");
        }
        if (result != null && !Candidates.AUDIT_RESULTS.contains(result)) {
            throw usage("--result must be one of " + String.join(", ", Candidates.AUDIT_RESULTS) + ", not '" + result + "'");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw usage("--limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (follow && until != null) {
            throw usage("--until and --follow do not go together: --follow waits for rows still to come");
        }
        Instant now = clock.instant();
        Instant from = time("--since", since, now);
        Instant to = time("--until", until, now);
        if (from != null && to != null && !from.isBefore(to)) {
            throw usage("--since " + since + " is not before --until " + until + ": no row can match");
        }
        return new AuditQuery(user, action, result, session, from == null ? null : from.toString(),
                to == null ? null : to.toString(), limit == null ? DEFAULT_LIMIT : limit);
    }

    private Instant time(String option, String value, Instant now) {
        if (value == null) {
            return null;
        }
        try {
            return PointInTime.parse(value, now);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
