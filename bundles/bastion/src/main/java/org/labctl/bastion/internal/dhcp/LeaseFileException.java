package org.labctl.bastion.internal.dhcp;

import java.io.IOException;

/** The lease file cannot be read as leases: the DHCP server does not start until it is fixed or deleted. */
public final class LeaseFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public LeaseFileException(String message) {
        super(message);
    }
}
