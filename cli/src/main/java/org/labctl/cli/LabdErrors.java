package org.labctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.labctl.api.Failure;

/**
 * labd's error answers ({@link org.labctl.api.ErrorBody}) as labctl's errors: the exit code is the
 * failure's ({@link ExitCode#of(Failure)}), the message labd's or, without one, what to check.
 */
final class LabdErrors {

    private LabdErrors() {
    }

    static LabctlException of(int status, byte[] body, String request, ClientConfig config) {
        JsonNode node = jsonObject(body);
        String message = node != null && node.path("message").isTextual() ? node.get("message").asText() : null;
        Failure failure = Failure.of(status);
        String answered = "labd answered HTTP " + status + " to " + request;
        return new LabctlException(ExitCode.of(failure), switch (failure) {
            // another 4xx (a proxy's, say) is an invalid argument too, but not a rejection labd explained
            case INVALID_ARGUMENT -> or(message, status == failure.status() ? "labd rejected " + request + " as invalid" : answered);
            case UNAUTHENTICATED -> or(message,
                    "labd did not accept the credentials of " + config.source() + ": check the config's cert and key");
            case PERMISSION_DENIED -> or(message, "permission denied for " + request);
            case NOT_FOUND -> or(message, "labd at " + config.server()
                    + " has no " + request.substring(request.indexOf(' ') + 1) + ": is labctl newer than labd?");
            case UNAVAILABLE -> "labd at " + config.server() + " is unavailable: "
                    + or(message, "try again shortly, and see ./lab status");
            case TIMEOUT -> or(message, request + " timed out");
            default -> or(message, answered) + (status >= 500 ? " (labd's log has the details)" : "");
        });
    }

    /** The body as a JSON object, or null when it is empty or not one (a proxy's HTML page, say). */
    static JsonNode jsonObject(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = Mappers.json().readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String or(String message, String fallback) {
        return message == null || message.isBlank() ? fallback : message;
    }
}
