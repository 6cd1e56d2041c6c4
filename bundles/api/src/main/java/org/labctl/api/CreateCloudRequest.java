package org.labctl.api;

/**
 * Body of {@code POST /api/v1/clouds}.
 *
 * @param name        lower-case letters, digits and '-', at most 63, starting and ending alphanumeric
 * @param kind        what it is; null for the name itself
 * @param description free text, or null
 */
public record CreateCloudRequest(String name, String kind, String description) {

    public CreateCloudRequest {
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.text("kind", kind, Limits.MAX_NAME_LENGTH);
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
