package org.labctl.core;

/**
 * What {@link Access#server} decided about a request on a server, and how to answer a refusal.
 *
 * @param allowed whether the request may go on
 * @param status  for a refusal, the HTTP status to answer: 403, or 404 when the caller may see every
 *                server of that name and none exists (0 when allowed)
 * @param request the request as a permission, {@code action:cloud:environment:name}: the server's
 *                real address when the caller may read the server, else {@code action:*:*:name}
 * @param reason  for a refusal, one line for the caller (what is missing, the deny rule, or that no
 *                such server exists); null when allowed
 *
 * @deprecated the {@link Gate}'s {@link Gate.Decision} replaces it, with {@link Access#server}
 */
@Deprecated
public record ServerVerdict(boolean allowed, int status, String request, String reason) {

    /** The request may go on. */
    public static ServerVerdict allowed(String request) {
        return new ServerVerdict(true, 0, request, null);
    }
}
