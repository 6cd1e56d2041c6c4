package org.labctl.api;

/**
 * Which audit rows to read ({@code GET /api/v1/audit}); every field is optional.
 *
 * @param user      only this user's rows
 * @param action    only rows that needed this action
 * @param result    only {@code allowed}, {@code denied} or {@code error}
 * @param sessionId only this session's rows
 * @param since     rows at or after this time, ISO-8601
 * @param until     rows before this time, ISO-8601
 * @param limit     at most this many (labd caps it), the newest ones
 */
public record AuditQuery(String user, String action, String result, String sessionId, String since, String until, Integer limit) {
}
