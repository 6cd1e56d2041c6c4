package org.labctl.api;

/**
 * Body of {@code POST /api/v1/module-repositories}: a Maven repository to resolve {@code mvn:} module sources from.
 *
 * @param url      an http or https URL without credentials in it
 * @param name     its name, or null for the URL's host
 * @param username the user to authenticate as (HTTP basic), or null
 * @param password that user's password, or null; labd seals it with its master key and never shows it again
 */
public record AddModuleRepositoryRequest(String url, String name, String username, String password) {

    /** The most characters of a repository's URL. */
    public static final int MAX_URL_LENGTH = 2048;
    /** The most characters of a password. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    public AddModuleRepositoryRequest {
        Limits.text("url", url, MAX_URL_LENGTH);
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.text("username", username, Limits.MAX_NAME_LENGTH);
        if (password != null && password.length() > MAX_PASSWORD_LENGTH) {
            throw new InvalidArgument("password: at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    /** Without the password: a request may be logged by a framework. */
    @Override
    public String toString() {
        return "AddModuleRepositoryRequest[url=" + url + ", name=" + name + ", username=" + username + ", password="
                + (password == null ? "none" : "(hidden)") + "]";
    }
}
