package org.labctl.api;

/**
 * Body of {@code POST /api/v1/environments}.
 *
 * @param name        lower-case letters, digits and '-', at most 63, starting and ending alphanumeric
 * @param cloud       the cloud it belongs to
 * @param description free text, or null
 */
public record CreateEnvironmentRequest(String name, String cloud, String description) {

    public CreateEnvironmentRequest {
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.text("cloud", cloud, Limits.MAX_NAME_LENGTH);
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
