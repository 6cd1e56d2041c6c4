package org.labctl.bastion.internal.tftp;

/**
 * Told of every request a {@link TftpServer} answered, once it is over: for the bastion's log,
 * which will name the machine by the MAC address it learned for the client's IP address.
 *
 * <p>It is called on the server's one I/O thread: it must return quickly and hand anything slow to
 * another thread. What it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface TftpEvents {

    /** Ignores everything. */
    TftpEvents NONE = event -> { };

    void transferEnded(TftpEvent event);
}
