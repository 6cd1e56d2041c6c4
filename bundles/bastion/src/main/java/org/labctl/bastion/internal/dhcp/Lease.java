package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;
import java.time.Instant;

/**
 * One client's address in full mode. A lease that has expired or was released is kept, so that the
 * client gets the same address back as long as nobody else needed it.
 *
 * @param mac     the client's MAC address, lower case with colons
 * @param address its address, inside the range
 * @param expires when the lease ends; at or before now once released
 */
public record Lease(String mac, Inet4Address address, Instant expires) {

    public boolean activeAt(Instant now) {
        return expires.isAfter(now);
    }
}
