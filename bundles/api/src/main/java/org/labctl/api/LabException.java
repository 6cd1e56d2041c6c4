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

    /** The failure this error is, in labd's one vocabulary ({@link Failure}). */
    public Failure failure() {
        return Failure.of(status());
    }
}
