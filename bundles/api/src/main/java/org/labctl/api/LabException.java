package org.labctl.api;

/**
 * Base of the typed errors labd reports. Each kind carries the HTTP status it maps to and a
 * stable machine-readable code; the message is meant for a human and must never hold a secret.
 */
public abstract class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected LabException(String message) {
        super(message);
    }

    protected LabException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP status this error is answered with. */
    public abstract int status();

    /** Stable code used in {@link ErrorBody#error()}. */
    public abstract String code();

    /**
     * The typed error of a failure, with its message: the one way from {@link Failure} back to an
     * exception (for a refusal decided elsewhere, such as the gate's, that a caller throws).
     */
    public static LabException of(Failure failure, String message) {
        return switch (failure) {
            case INVALID_ARGUMENT -> new InvalidArgument(message);
            case UNAUTHENTICATED -> new Unauthenticated(message);
            case PERMISSION_DENIED -> new PermissionDenied(message);
            case NOT_FOUND -> new NotFoundException(message);
            case CONFLICT -> new Conflict(message);
            case UNAVAILABLE -> new Unavailable(message);
            default -> new LabException(message) {
                private static final long serialVersionUID = 1L;

                @Override
                public int status() {
                    return failure.status();
                }

                @Override
                public String code() {
                    return failure.code();
                }
            };
        };
    }

    /** The failure this error is, in labd's one vocabulary ({@link Failure}). */
    public Failure failure() {
        return Failure.of(status());
    }
}
