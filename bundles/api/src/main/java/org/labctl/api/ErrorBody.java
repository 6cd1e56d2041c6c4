package org.labctl.api;

/**
 * The JSON body of every error answer of the REST API.
 *
 * @param status  the HTTP status
 * @param error   a stable code such as {@code not_found} or {@code permission_denied}
 * @param message what was wrong and what to do, for a human; never holds a secret
 */
public record ErrorBody(int status, String error, String message) {

    /** This body as JSON, for the places that answer before a JSON provider is in reach (servlet filters). */
    public String toJson() {
        return "{\"status\":" + status + ",\"error\":" + quote(error) + ",\"message\":" + quote(message) + "}";
    }

    private static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
