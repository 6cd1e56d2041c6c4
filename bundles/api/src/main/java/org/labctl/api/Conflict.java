package org.labctl.api;

/** The request conflicts with the current state (duplicate name, resource still in use). */
public class Conflict extends LabException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
        super(message);
    }

    public Conflict(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 409;
    }

    @Override
    public String code() {
        return "conflict";
    }
}
