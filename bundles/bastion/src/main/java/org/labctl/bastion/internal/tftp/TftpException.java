package org.labctl.bastion.internal.tftp;

/**
 * A request the server does not serve, with the TFTP error code and message that tell the client
 * why. The message goes on the wire: it names no path outside the root.
 */
final class TftpException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int code;

    TftpException(int code, String message) {
        super(message, null, false, false); // refusals are routine, even floods of them: no stack trace
        this.code = code;
    }

    /** The TFTP error code (RFC 1350 section 5, RFC 2347). */
    int code() {
        return code;
    }
}
