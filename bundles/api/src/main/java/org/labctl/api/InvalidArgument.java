package org.labctl.api;

/** The request was malformed; the message says which field and what is expected. */
public class InvalidArgument extends LabException {
    private static final long serialVersionUID = 1L;

    public InvalidArgument(String message) {
        super(message);
    }

    public InvalidArgument(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 400;
    }

    @Override
    public String code() {
        return "invalid_argument";
    }
}
