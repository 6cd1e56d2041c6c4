package org.labctl.bastion.internal.dhcp;

/** A datagram that is not a well-formed DHCP message: it is dropped, and counted. */
public final class DhcpFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public DhcpFormatException(String message) {
        super(message);
    }
}
