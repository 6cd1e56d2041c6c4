package org.labctl.bastion.internal.dhcp;

/**
 * Told of every datagram a {@link DhcpServer} received and what it did with it, for the bastion's
 * log (which machine asked, what it got).
 *
 * <p>It is called on the server's one I/O thread: it must return quickly and hand anything slow to
 * another thread. What it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface DhcpEvents {

    /** Ignores everything. */
    DhcpEvents NONE = event -> { };

    void handled(DhcpEvent event);
}
