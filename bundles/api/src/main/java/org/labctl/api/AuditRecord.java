package org.labctl.api;

/**
 * One audit row: one API request (or operator shell command), allowed or denied.
 *
 * @param id            the row's id
 * @param at            when the request arrived, ISO-8601
 * @param user          who: a user name, {@code agent:<server id>}, {@code operator:<name>} (labd's shell), or null when unauthenticated
 * @param sessionId     the client's session (one labctl invocation sends one), or null
 * @param requestId     the request's id (labd answers it in {@code X-Request-Id})
 * @param method        HTTP method, or {@code SHELL}
 * @param path          the request path, or the shell command
 * @param action        the action the request needed (read, manage…), or null for requests open to any user
 * @param resource      the address it acted on ({@code cloud:environment:name}), or null
 * @param result        {@code allowed}, {@code denied} or {@code error}
 * @param httpStatus    the answer's status, or null when labd stopped between the change and the answer
 * @param durationMs    how long labd took, or null as for the status
 * @param sourceAddress the client's address
 * @param details       JSON with more about the event (the reason of a denial), or null
 */
public record AuditRecord(String id, String at, String user, String sessionId, String requestId, String method, String path,
                          String action, String resource, String result, Integer httpStatus, Integer durationMs,
                          String sourceAddress, String details) {
}
