package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;

/**
 * What the server did with one datagram, for the bastion's log.
 *
 * @param mac      the client's MAC address, lower case with colons; empty for a malformed datagram
 * @param received the message type received ({@link DhcpOptions#DISCOVER} …), 0 when unknown
 * @param outcome  what became of it
 * @param sent     the message type sent back ({@link DhcpOptions#OFFER}, {@code ACK}, {@code NAK}), 0 when none
 * @param address  the address offered, acknowledged, released or declined, or null
 * @param bootFile the boot file or iPXE URL sent, or empty
 * @param reason   why it was ignored or refused, or what was recorded; empty when a reply was sent
 * @param architecture a PXE client's firmware ({@link PxeClient#label()}), empty for other clients
 */
public record DhcpEvent(String mac, int received, Outcome outcome, int sent, Inet4Address address, String bootFile,
        String reason, String architecture) {

    /** An event of a client that is not a PXE client (or of a datagram that could not be read). */
    public DhcpEvent(String mac, int received, Outcome outcome, int sent, Inet4Address address, String bootFile, String reason) {
        this(mac, received, outcome, sent, address, bootFile, reason, "");
    }

    /** What became of a datagram. */
    public enum Outcome {
        /** Answered with {@link DhcpEvent#sent()}. */
        REPLIED,
        /** A RELEASE or DECLINE, taken into account; DHCP sends no answer to these. */
        RECORDED,
        /** Not for this server: another server's offer was chosen, a non-PXE client in proxy mode, a reply. */
        IGNORED,
        /** For this server, but it had nothing to give: the range is exhausted, no boot file for the firmware. */
        REFUSED,
        /** Not a well-formed DHCP message: dropped and counted. */
        MALFORMED,
        /** The answer could not be sent or the lease file written. */
        FAILED
    }

    /** One line for a log: {@code REPLIED DISCOVER->OFFER 52:54:00:12:34:56 10.0.0.100 undionly.kpxe}. */
    public String line() {
        StringBuilder line = new StringBuilder(outcome.name()).append(' ').append(DhcpOptions.typeName(received));
        if (sent != 0) {
            line.append("->").append(DhcpOptions.typeName(sent));
        }
        line.append(' ').append(mac.isEmpty() ? "-" : mac);
        line.append(' ').append(address == null ? "-" : address.getHostAddress());
        line.append(' ').append(bootFile.isEmpty() ? "-" : bootFile);
        if (!reason.isEmpty()) {
            line.append(" (").append(reason).append(')');
        }
        return line.toString();
    }
}
