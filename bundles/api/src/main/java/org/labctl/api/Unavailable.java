package org.labctl.api;

/** A dependency labd needs (such as the database) cannot be reached right now. */
public class Unavailable extends LabException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
        super(message);
    }

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 503;
    }

    @Override
    public String code() {
        return "unavailable";
    }
}
