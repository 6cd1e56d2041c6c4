package org.labctl.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Unavailable;
import org.labctl.core.AuditLog;
import org.labctl.core.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: writes the rows of requests (with {@link AuditScope}), answers queries, and
 * enforces the retention itself (every labd instance trims, in small batches, every few minutes).
 */
@Component(name = "org.labctl.core.audit", service = {AuditLog.class, AuditService.class}, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuditService.Configuration.class)
public class AuditService implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
    static final int MAX_ROWS = 10_000;
    private static final Set<String> RESULTS = Set.of("allowed", "denied", "error");

    @ObjectClassDefinition(name = "labd audit log")
    public @interface Configuration {
        @AttributeDefinition(name = "Retention (days)", description = "Rows older than this are removed by labd itself")
        int retention_days() default 365;

        @AttributeDefinition(name = "Retention check (seconds)", description = "How often labd looks for expired rows")
        int retention_check_seconds() default 300;

        @AttributeDefinition(name = "Audit requests",
                description = "false only to measure what auditing costs (bench/audit): requests then leave no row")
        boolean enabled() default true;
    }

    private final Database database;
    private final SqlSessionFactory sessions;
    private final Duration retention;
    private final boolean enabled;
    private final java.util.concurrent.BlockingQueue<Completion> completions = new java.util.concurrent.LinkedBlockingQueue<>();
    private final ScheduledExecutorService trimmer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "labd-audit-retention");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public AuditService(@Reference Database database, Configuration config) {
        if (config.retention_days() < 1) {
            throw new IllegalArgumentException("retention.days must be at least 1, got " + config.retention_days());
        }
        if (config.retention_check_seconds() < 1) {
            throw new IllegalArgumentException("retention.check.seconds must be at least 1, got " + config.retention_check_seconds());
        }
        this.database = database;
        this.sessions = database.sessionFactory(AuditMapper.class);
        this.retention = Duration.ofDays(config.retention_days());
        this.enabled = config.enabled();
        if (!enabled) {
            LOG.error("The audit log is OFF (org.labctl.core.audit enabled=false): requests leave no row. "
                    + "This is for measuring the cost of auditing only; remove the setting");
        }
        trimmer.scheduleWithFixedDelay(this::trim, 10, config.retention_check_seconds(), TimeUnit.SECONDS);
        trimmer.scheduleWithFixedDelay(this::completeQueued, 100, 100, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        trimmer.shutdownNow();
        completeQueued();
    }

    /** Whether requests are audited (always, but for benchmarks). */
    boolean enabled() {
        return enabled;
    }

    /**
     * Writes the row of a request that changed nothing (a read, a denial, an error) before its
     * answer leaves; or, for a request whose change already committed its row, queues the status
     * and duration to be filled in, in batches off the request path (the row itself is durable).
     */
    void finish(AuditScope scope, String result, int status) {
        int duration = scope.elapsedMs();
        if (scope.written()) {
            completions.add(new Completion(scope.id, status, duration, result));
            return;
        }
        insert(scope, result, status, duration);
    }

    /**
     * Ends the row of an operator's shell command (no HTTP status): written now, or, when the
     * command's change already committed it, closed with its result and duration.
     */
    void finishShell(AuditScope scope, String result) {
        int duration = scope.elapsedMs();
        if (scope.written()) {
            close(scope.id, result, duration, scope.details == null ? "{}" : scope.details);
            return;
        }
        insert(scope, result, null, duration);
    }

    private record Completion(String id, int status, int duration, String result) {
    }

    private void completeQueued() {
        List<Completion> batch = new java.util.ArrayList<>();
        completions.drainTo(batch, 1000);
        if (batch.isEmpty()) {
            return;
        }
        try {
            database.transaction(sessions, s -> {
                AuditMapper mapper = s.getMapper(AuditMapper.class);
                for (Completion c : batch) {
                    mapper.complete(c.id(), c.status(), c.duration(), c.result());
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Cannot complete {} audit rows (their status stays empty): {}", batch.size(), e.toString());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public void details(java.util.Map<String, ?> details) {
        AuditScope scope = AuditScope.current();
        if (scope == null || details == null || details.isEmpty()) {
            return;
        }
        java.util.Map<String, Object> merged = new java.util.TreeMap<>();
        try {
            if (scope.details != null) {
                merged.putAll(JSON.readValue(scope.details, new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {
                }));
            }
            merged.putAll(details);
            scope.details = JSON.writeValueAsString(merged);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("audit details must be JSON-shaped: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(AuditRecord entry) {
        if (entry.durationMs() == null) {
            finish(scope(entry), entry.result(), entry.httpStatus() == null ? 0 : entry.httpStatus());
        } else {
            // an event that lasted (a proxied request, a stream): its own duration, not the time to record it
            insert(scope(entry), entry.result(), entry.httpStatus() == null ? 0 : entry.httpStatus(), entry.durationMs());
        }
    }

    @Override
    public String open(AuditRecord entry) {
        AuditScope scope = scope(entry);
        insert(scope, entry.result(), entry.httpStatus(), null);
        return scope.id;
    }

    @Override
    public String open(AuditRecord entry, SqlSession transaction) {
        AuditScope scope = scope(entry);
        insert(transaction, scope, entry.result(), entry.httpStatus(), null);
        return scope.id;
    }

    /** The scope of an event that is not an API request (its fields given, not gathered by the access filter). */
    private static AuditScope scope(AuditRecord entry) {
        AuditScope scope = new AuditScope(entry.requestId() == null ? java.util.UUID.randomUUID().toString() : entry.requestId(),
                entry.method(), entry.path(), entry.sourceAddress(), entry.sessionId());
        scope.user = entry.user();
        scope.action = entry.action();
        scope.resource = entry.resource();
        scope.details = entry.details();
        return scope;
    }

    /** Writes the scope's row in its own transaction. */
    private void insert(AuditScope scope, String result, Integer status, Integer duration) {
        database.transaction(sessions, s -> {
            insert(s, scope, result, status, duration);
            return null;
        });
    }

    /** Writes the row in {@code transaction}, which commits it. */
    private static void insert(SqlSession transaction, AuditScope scope, String result, Integer status, Integer duration) {
        try {
            scope.insert(transaction.getConnection(), result, status, duration);
        } catch (java.sql.SQLException e) {
            throw new org.apache.ibatis.exceptions.PersistenceException("cannot write the audit row", e);
        }
    }

    @Override
    public boolean close(String id, String result, int durationMs, String details) {
        if (!RESULTS.contains(result)) {
            throw new IllegalArgumentException("result must be allowed, denied or error, not " + result);
        }
        return database.transaction(sessions, s -> s.getMapper(AuditMapper.class).close(id, result, durationMs,
                details == null ? "{}" : details)) > 0;
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        if (query.result() != null && !RESULTS.contains(query.result())) {
            throw new InvalidArgument("result must be allowed, denied or error, not '" + query.result() + "'");
        }
        int limit = query.limit() == null ? 1000 : query.limit();
        if (limit < 1 || limit > MAX_ROWS) {
            throw new InvalidArgument("limit must be between 1 and " + MAX_ROWS + ", got " + limit);
        }
        OffsetDateTime since = time("since", query.since());
        OffsetDateTime until = time("until", query.until());
        return database.transaction(sessions, s -> s.getMapper(AuditMapper.class).query(blank(query.user()), blank(query.action()),
                blank(query.result()), blank(query.sessionId()), since, until, limit));
    }

    private void trim() {
        try {
            OffsetDateTime before = OffsetDateTime.ofInstant(Instant.now().minus(retention), ZoneOffset.UTC);
            int total = 0;
            int removed;
            do {
                removed = database.transaction(sessions, s -> s.getMapper(AuditMapper.class).expire(before, 5000));
                total += removed;
            } while (removed > 0);
            if (total > 0) {
                LOG.info("Removed {} audit rows older than {} (retention {} days)", total, before, retention.toDays());
            }
        } catch (Unavailable e) {
            LOG.debug("Audit retention skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Audit retention failed: {}", e.toString());
        }
    }

    private static OffsetDateTime time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidArgument(name + " must be an ISO-8601 time like 2026-11-29T10:00:00Z, not '" + value + "'");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
