package org.labctl.api;

/**
 * The one vocabulary of failures: what went wrong, as labd answers it over HTTP (status and the
 * {@link ErrorBody#error()} code), in a stream's error frame ({@link ExecFrame#status()}) and, through
 * labctl's own table, as an exit code. Typed errors ({@link LabException}) carry one; nothing else
 * turns a failure into a status.
 */
public enum Failure {
    /** The request is malformed or a value is refused: the caller's mistake. */
    INVALID_ARGUMENT(400, "invalid_argument"),
    /** No valid client certificate (or join token) came with the request. */
    UNAUTHENTICATED(401, "unauthenticated"),
    /** The caller is known but may not do this; the message names the missing permission. */
    PERMISSION_DENIED(403, "permission_denied"),
    /** No such resource (said only to a caller who may see every resource of that name). */
    NOT_FOUND(404, "not_found"),
    /** The path exists but not with that HTTP method. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** labd speaks JSON; the request asked for or sent something else. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** The request conflicts with the current state (a name taken, a change already made). */
    CONFLICT(409, "conflict"),
    /** The request body is larger than labd takes. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    /** labd or what it needs (the database, an agent, a bundle) cannot serve it now; try again. */
    UNAVAILABLE(503, "unavailable"),
    /** Something did not answer in time. */
    TIMEOUT(504, "timeout"),
    /** labd's own failure; its log has the detail under an incident id. */
    INTERNAL(500, "internal");

    private final int status;
    private final String code;

    Failure(int status, String code) {
        this.status = status;
        this.code = code;
    }

    /** The HTTP status labd answers with. */
    public int status() {
        return status;
    }

    /** The stable machine-readable code of {@link ErrorBody#error()}. */
    public String code() {
        return code;
    }

    /**
     * The failure an HTTP status (or a stream error frame's status) stands for: any other 4xx is
     * {@link #INVALID_ARGUMENT}, any other 5xx {@link #INTERNAL}; 406 is a media type, 408 a timeout.
     */
    public static Failure of(int status) {
        for (Failure failure : values()) {
            if (failure.status == status) {
                return failure;
            }
        }
        return switch (status) {
            case 406 -> UNSUPPORTED_MEDIA_TYPE;
            case 408 -> TIMEOUT;
            default -> status >= 500 ? INTERNAL : INVALID_ARGUMENT;
        };
    }
}
