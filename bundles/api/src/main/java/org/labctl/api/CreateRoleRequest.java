package org.labctl.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/roles}.
 *
 * @param name        lower-case letters, digits, '-', '.', '_'
 * @param allows      allow rules; the creator must hold each of them
 * @param denies      deny rules
 * @param description optional
 */
public record CreateRoleRequest(String name, List<String> allows, List<String> denies, String description) {

    public CreateRoleRequest {
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.texts("allows", allows, Limits.MAX_RULES, Limits.MAX_RULE_LENGTH);
        Limits.texts("denies", denies, Limits.MAX_RULES, Limits.MAX_RULE_LENGTH);
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
