package org.labctl.cli;

/**
 * An error labctl reports as one line {@code error: <message>} and the exit code it carries.
 * The message says what went wrong and what to do; it never holds a secret.
 */
public class LabctlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public LabctlException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public LabctlException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** One of the {@link ExitCode} values. */
    public int exitCode() {
        return exitCode;
    }
}
