package org.labctl.api;

/** The request did not prove who sent it: no or a bad client certificate, or a bad join token. */
public class Unauthenticated extends LabException {
    private static final long serialVersionUID = 1L;

    public Unauthenticated(String message) {
        super(message);
    }

    @Override
    public int status() {
        return 401;
    }

    @Override
    public String code() {
        return "unauthenticated";
    }
}
