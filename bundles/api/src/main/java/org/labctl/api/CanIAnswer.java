package org.labctl.api;

/**
 * Answer of {@code GET /api/v1/auth/can-i?action=&resource=kind/name}.
 *
 * @param allowed  yes or no
 * @param request  the request as a permission, {@code action:cloud:environment:name}
 * @param reason   the rule that decided, or what is missing
 */
public record CanIAnswer(boolean allowed, String request, String reason) {
}
