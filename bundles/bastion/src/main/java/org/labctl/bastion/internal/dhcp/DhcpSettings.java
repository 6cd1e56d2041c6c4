package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a {@link DhcpServer} serves and where.
 *
 * @param mode        full DHCP with addresses, or proxyDHCP next to another DHCP server
 * @param bind        the address and port requests arrive on. Broadcast requests (every DISCOVER)
 *                    reach only a socket bound to the wildcard address, so the bastion binds
 *                    {@code 0.0.0.0:67}, and does so only when DHCP is configured; a specific
 *                    address receives unicast requests only (renewals, relays, tests)
 * @param proxyPort   PROXY mode: the PXE boot server port (4011) where a client asks again for its
 *                    boot file; 0 for any free port (tests)
 * @param clientPort  the port clients listen on: 68
 * @param boot        the bastion's address on this network (server identifier, next server) and
 *                    what each PXE client loads
 * @param rangeFirst  FULL mode: the first address given; null in PROXY mode
 * @param rangeLast   FULL mode: the last address given; null in PROXY mode
 * @param network     FULL mode: mask, router, DNS and lease time given with the address; null in PROXY mode
 * @param dataDirectory FULL mode: where the lease file {@value #LEASE_FILE} is kept; null in PROXY mode
 * @param offerHold   how long an offered address is kept for the client it was offered to
 * @param declineHold how long an address a client declined (found in use) is given to nobody
 */
public record DhcpSettings(Mode mode, InetSocketAddress bind, int proxyPort, int clientPort, PxeBoot boot,
        Inet4Address rangeFirst, Inet4Address rangeLast, DhcpReplies.Network network, Path dataDirectory, Duration offerHold,
        Duration declineHold) {

    /** The lease file's name in the data directory. */
    public static final String LEASE_FILE = "dhcp-leases.txt";
    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;
    public static final int PXE_PORT = 4011;

    /** What the server answers. */
    public enum Mode {
        /** The bastion is the network's DHCP server: addresses from its range, and boot files to PXE clients. */
        FULL,
        /** Another server gives addresses; the bastion answers PXE clients only, with their boot file (PXE 2.1 proxyDHCP). */
        PROXY
    }

    public DhcpSettings {
        if (mode == null || bind == null || boot == null) {
            throw new IllegalArgumentException("mode, bind address and boot settings are required");
        }
        requirePort("proxyPort", proxyPort, true);
        requirePort("clientPort", clientPort, false);
        if (offerHold == null || offerHold.isNegative() || declineHold == null || declineHold.isNegative()) {
            throw new IllegalArgumentException("offerHold and declineHold must be positive durations");
        }
        if (mode == Mode.FULL) {
            if (rangeFirst == null || rangeLast == null || network == null || dataDirectory == null) {
                throw new IllegalArgumentException("full mode needs a range, the network settings and a data directory");
            }
            int mask = LeasePool.toInt(network.mask());
            int server = LeasePool.toInt(boot.server());
            for (Inet4Address end : new Inet4Address[] {rangeFirst, rangeLast}) {
                if ((LeasePool.toInt(end) & mask) != (server & mask)) {
                    throw new IllegalArgumentException("the DHCP range end " + end.getHostAddress() + " is not in the subnet of "
                            + boot.server().getHostAddress() + "/" + network.mask().getHostAddress());
                }
            }
            int first = LeasePool.toInt(rangeFirst);
            int last = LeasePool.toInt(rangeLast);
            if (Integer.compareUnsigned(first, server) <= 0 && Integer.compareUnsigned(server, last) <= 0) {
                throw new IllegalArgumentException("the DHCP range " + rangeFirst.getHostAddress() + "-" + rangeLast.getHostAddress()
                        + " holds the bastion's own address " + boot.server().getHostAddress());
            }
        }
    }

    /** Full mode on the standard ports, offers held 60 s, declined addresses set aside 10 minutes. */
    public static DhcpSettings full(InetSocketAddress bind, PxeBoot boot, Inet4Address rangeFirst, Inet4Address rangeLast,
            DhcpReplies.Network network, Path dataDirectory) {
        return new DhcpSettings(Mode.FULL, bind, PXE_PORT, CLIENT_PORT, boot, rangeFirst, rangeLast, network, dataDirectory,
                Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    /** ProxyDHCP on the standard ports. */
    public static DhcpSettings proxy(InetSocketAddress bind, PxeBoot boot) {
        return new DhcpSettings(Mode.PROXY, bind, PXE_PORT, CLIENT_PORT, boot, null, null, null, null, Duration.ofSeconds(60),
                Duration.ofMinutes(10));
    }

    public DhcpSettings withPorts(int newProxyPort, int newClientPort) {
        return new DhcpSettings(mode, bind, newProxyPort, newClientPort, boot, rangeFirst, rangeLast, network, dataDirectory,
                offerHold, declineHold);
    }

    public DhcpSettings withHolds(Duration newOfferHold, Duration newDeclineHold) {
        return new DhcpSettings(mode, bind, proxyPort, clientPort, boot, rangeFirst, rangeLast, network, dataDirectory,
                newOfferHold, newDeclineHold);
    }

    public Path leaseFile() {
        return dataDirectory == null ? null : dataDirectory.resolve(LEASE_FILE);
    }

    private static void requirePort(String name, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(name + " must be between " + (zeroAllowed ? 0 : 1) + " and 65535, not " + port);
        }
    }
}
