package org.labctl.api;

/**
 * The JSON body of every error answer of the REST API.
 *
 * @param status  the HTTP status
 * @param error   a stable code such as {@code not_found} or {@code permission_denied}
 * @param message what was wrong and what to do, for a human; never holds a secret
 */
public record ErrorBody(int status, String error, String message) {
}
