package org.labctl.api;

/** The caller lacks the permission the request needs; the message names it. */
public class PermissionDenied extends LabException {
    private static final long serialVersionUID = 1L;

    public PermissionDenied(String message) {
        super(message);
    }

    public PermissionDenied(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int status() {
        return 403;
    }

    @Override
    public String code() {
        return "permission_denied";
    }
}
