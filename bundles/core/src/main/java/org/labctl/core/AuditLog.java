package org.labctl.core;

import java.util.List;
import org.apache.ibatis.session.SqlSession;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.osgi.annotation.versioning.ProviderType;

/**
 * labd's audit log: one row per API request, allowed or denied, written by labd's access filter
 * (for a change, in the same transaction as the change). Other ways into labd (the operator shell,
 * requests refused before they reach the API) record theirs here. Rows are never changed or
 * deleted through any API; labd itself removes those older than the retention.
 */
@ProviderType
public interface AuditLog {

    /**
     * Request attribute an endpoint reached without a certificate sets to name the actor of its
     * audit row (enrollment: {@code token:<id>}); a certificate's identity always comes first.
     */
    String ACTOR = "org.labctl.audit.actor";

    /**
     * Adds {@code details} to the audit row of the REST request this thread serves (what a module upload
     * brought, which servers a change reaches), beside the gate's address: call it before the request's
     * change commits (the row is written with it) or before it is refused. Values are JSON-shaped; a key
     * given again replaces the earlier value. Nothing happens outside a REST request.
     */
    void details(java.util.Map<String, ?> details);

    /** Records one event now, in its own transaction. */
    void record(AuditRecord entry);

    /**
     * Opens the row of something that lasts beyond one request (an exec session): written at once,
     * with no duration yet, so a labd that dies mid-way leaves it behind for {@link #close} by
     * another instance.
     *
     * @return the row's id
     */
    String open(AuditRecord entry);

    /**
     * {@link #open(AuditRecord)} in the caller's transaction ({@link Database#transaction}): the row
     * commits with the caller's own writes, or neither does, in one commit instead of two (labd opens
     * an exec session's row and its audit row together, fifty at a time for a fan-out).
     *
     * @return the row's id
     */
    String open(AuditRecord entry, SqlSession transaction);

    /**
     * Closes a row {@link #open opened} before: its result, duration, and {@code details} merged
     * into the details it had. Only the first close of a row counts.
     *
     * @return whether this call closed it
     */
    boolean close(String id, String result, int durationMs, String details);

    /** Rows matching the query, oldest first. */
    List<AuditRecord> query(AuditQuery query);

    /**
     * Records what an operator did in labd's shell (a {@code lab:*} command) as {@code operator:<shell user>}.
     *
     * @deprecated {@code lab:*} commands run through {@link OperatorShell}, as the labd user of the shell session, through the gate
     *
     * @param command  the command line, e.g. {@code lab:token-create --reusable}
     * @param action   the action it amounts to (read, manage)
     * @param resource what it acted on, {@code cloud:environment:name}
     * @param result   allowed (it ran) or error (it failed)
     */
    @Deprecated
    default void recordShell(String command, String action, String resource, String result) {
        record(new AuditRecord(null, null, operator(), null, null, "SHELL", command, action, resource, result, null, null,
                "local", null));
    }

    /**
     * Runs an operator's shell command and records it: {@code allowed} when it ran, {@code error}
     * (and the failure passed on) when it failed.
     *
     * @deprecated use {@link OperatorShell#run}, which decides the command through the gate
     */
    @Deprecated
    default <T> T shell(String command, String action, String resource, java.util.function.Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            recordShell(command, action, resource, "error");
            throw e;
        }
        recordShell(command, action, resource, "allowed");
        return result;
    }

    /**
     * The shell user running the current command, as {@code operator:<name>}: the JAAS user of the
     * Karaf session, else the operating-system user labd runs as (the local console).
     *
     * @deprecated use {@link OperatorShell#caller()}
     */
    @Deprecated
    static String operator() {
        try {
            @SuppressWarnings("removal")
            javax.security.auth.Subject subject = javax.security.auth.Subject.getSubject(java.security.AccessController.getContext());
            if (subject != null) {
                for (java.security.Principal principal : subject.getPrincipals()) {
                    if (principal.getClass().getSimpleName().equals("UserPrincipal")) {
                        return "operator:" + principal.getName();
                    }
                }
            }
        } catch (RuntimeException | Error ignored) {
            // no subject: the local console
        }
        return "operator:" + System.getProperty("user.name", "console");
    }
}
