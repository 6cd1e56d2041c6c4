package org.labctl.api;

import java.util.List;

/**
 * A role: allow and deny rules ({@code action:cloud:environment:name}) and the users bound to it.
 *
 * @param name        the role's name
 * @param description what it is for, or null
 * @param builtin     created by labd (admin, viewer); cannot be deleted
 * @param allows      its allow rules
 * @param denies      its deny rules (a deny overrides any allow, from any role)
 * @param users       the users bound to it
 * @param createdBy   who created it
 * @param createdAt   when, ISO-8601
 */
public record RoleInfo(String name, String description, boolean builtin, List<String> allows, List<String> denies,
                       List<String> users, String createdBy, String createdAt) {
}
