package org.labctl.api;

/**
 * Body of {@code POST /api/v1/roles/{role}/bindings}: the user to bind the role to.
 *
 * @param user the user's name
 */
public record BindingRequest(String user) {

    public BindingRequest {
        Limits.text("user", user, Limits.MAX_NAME_LENGTH);
    }
}
