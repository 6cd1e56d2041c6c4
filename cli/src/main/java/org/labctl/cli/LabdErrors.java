package org.labctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Maps labd's error answers ({@link org.labctl.api.ErrorBody}) to the exit codes of DESIGN.md §3, in one place. */
final class LabdErrors {

    private LabdErrors() {
    }

    static LabctlException of(int status, byte[] body, String request, ClientConfig config) {
        JsonNode node = jsonObject(body);
        String message = node != null && node.path("message").isTextual() ? node.get("message").asText() : null;
        return switch (status) {
            case 400 -> new LabctlException(ExitCode.USAGE, or(message, "labd rejected " + request + " as invalid"));
            case 401 -> new LabctlException(ExitCode.PERMISSION_DENIED, or(message,
                    "labd did not accept the credentials of " + config.source() + ": check the config's cert and key"));
            case 403 -> new LabctlException(ExitCode.PERMISSION_DENIED, or(message, "permission denied for " + request));
            case 404 -> new LabctlException(ExitCode.NOT_FOUND, or(message, "labd at " + config.server()
                    + " has no " + request.substring(request.indexOf(' ') + 1) + ": is labctl newer than labd?"));
            case 503 -> new LabctlException(ExitCode.UNREACHABLE, "labd at " + config.server() + " is unavailable: "
                    + or(message, "try again shortly, and see ./lab status"));
            case 408, 504 -> new LabctlException(ExitCode.TIMEOUT, or(message, request + " timed out"));
            default -> new LabctlException(ExitCode.ERROR, or(message, "labd answered HTTP " + status + " to "
                    + request) + (status >= 500 ? " (labd's log has the details)" : ""));
        };
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
