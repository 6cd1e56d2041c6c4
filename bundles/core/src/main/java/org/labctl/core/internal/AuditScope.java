package org.labctl.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/**
 * The audit row of the request this thread serves, from the access filter's decision to the
 * answer. The first database transaction of the request that changes something writes the row
 * inside itself, so a change is never committed without its audit row; the access filter writes
 * it at the end for everything else (reads, denials, errors) and completes it with the status and
 * duration otherwise. One thread serves one request at a time (JAX-RS resources here are synchronous).
 */
final class AuditScope {

    private static final ThreadLocal<AuditScope> CURRENT = new ThreadLocal<>();
    static final String INSERT = "INSERT INTO audit_log (id, at, user_name, session_id, request_id, method, path, action, "
            + "resource, result, http_status, duration_ms, source_address, details) "
            + "VALUES (CAST(? AS UUID), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB))";

    final String id = UUID.randomUUID().toString();
    final Instant at = Instant.now();
    final long startNanos = System.nanoTime();
    final String requestId;
    final String method;
    final String path;
    final String sourceAddress;
    final String sessionId;
    volatile String user;
    /** Who acts when no certificate says (read when the row is written). */
    volatile java.util.function.Supplier<String> actor = () -> null;
    volatile String action;
    volatile String resource;
    volatile String details;
    private boolean changed;
    private boolean written;

    AuditScope(String requestId, String method, String path, String sourceAddress, String sessionId) {
        this.requestId = requestId;
        this.method = method;
        this.path = path;
        this.sourceAddress = sourceAddress;
        this.sessionId = sessionId;
    }

    static AuditScope current() {
        return CURRENT.get();
    }

    static void enter(AuditScope scope) {
        CURRENT.set(scope);
    }

    static void leave() {
        CURRENT.remove();
    }

    /** Called by {@link WriteTracker} when the current transaction inserts, updates or deletes. */
    static void noteChange() {
        AuditScope scope = CURRENT.get();
        if (scope != null) {
            scope.changed = true;
        }
    }

    void beginTransaction() {
        changed = false;
    }

    /** Whether the transaction about to commit changed something and the row is not written yet. */
    boolean owesRow() {
        return changed && !written;
    }

    void markWritten() {
        written = true;
    }

    boolean written() {
        return written;
    }

    int elapsedMs() {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** Inserts the row on {@code connection} (inside the caller's transaction). */
    void insert(Connection connection, String result, Integer status, Integer durationMs) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, id);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, user != null ? user : actor.get());
            insert.setString(4, sessionId);
            insert.setString(5, requestId);
            insert.setString(6, method);
            insert.setString(7, path);
            insert.setString(8, action);
            insert.setString(9, resource);
            insert.setString(10, result);
            if (status == null) {
                insert.setNull(11, Types.INTEGER);
            } else {
                insert.setInt(11, status);
            }
            if (durationMs == null) {
                insert.setNull(12, Types.INTEGER);
            } else {
                insert.setInt(12, durationMs);
            }
            insert.setString(13, sourceAddress);
            insert.setString(14, details);
            insert.executeUpdate();
        }
    }
}
