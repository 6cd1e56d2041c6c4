package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bastion's answers to PXE clients, as pure functions of the request (the UDP servers send
 * them): proxyDHCP offers and acknowledgements (PXE 2.1 §2.2; boot information only, no address,
 * next to another DHCP server) and, in full mode, offers and acknowledgements with an address
 * from the bastion's range.
 */
public final class DhcpReplies {

    /** PXE vendor option 6, PXE_DISCOVERY_CONTROL = 8: boot from the file given, no boot server discovery or menu. */
    static final byte[] PXE_VENDOR_OPTIONS = {6, 1, 8, (byte) 255};

    /**
     * Option 175 holding sub-option 176 = 1: iPXE need not wait for ProxyDHCP offers, as this full-mode
     * answer already names its boot script (without it iPXE waits about 3 s before its REQUEST).
     */
    static final byte[] IPXE_NO_PROXY_DHCP = {(byte) DhcpOptions.IPXE_NO_PXEDHCP, 1, 1};

    private DhcpReplies() {
    }

    /**
     * The proxyDHCP answer to a PXE client's DISCOVER (an OFFER, on port 68) or to its REQUEST on
     * port 4011 (an ACK): no address ({@code yiaddr} 0.0.0.0), the boot file, the bastion as next
     * server, vendor class {@code PXEClient} and, as PXE asks, the client's machine id echoed.
     */
    public static DhcpMessage proxy(DhcpMessage request, PxeBoot boot, PxeBoot.Plan plan) {
        int type = request.type() == DhcpOptions.DISCOVER ? DhcpOptions.OFFER : DhcpOptions.ACK;
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
        options.put(DhcpOptions.SERVER_IDENTIFIER, boot.server().getAddress());
        options.put(DhcpOptions.VENDOR_CLASS, "PXEClient".getBytes(StandardCharsets.US_ASCII));
        byte[] machineId = request.option(DhcpOptions.CLIENT_MACHINE_ID);
        if (machineId != null) {
            options.put(DhcpOptions.CLIENT_MACHINE_ID, machineId);
        }
        if (!plan.http()) {
            options.put(DhcpOptions.VENDOR_SPECIFIC, PXE_VENDOR_OPTIONS.clone());
        }
        options.put(DhcpOptions.BOOTFILE_NAME, plan.file().getBytes(StandardCharsets.US_ASCII));
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.xid(), 0, request.flags(), zero(), zero(), boot.server(),
                request.giaddr(), request.chaddr(), "", fileField(plan), options);
    }

    /**
     * A full-mode OFFER (to a DISCOVER) or ACK (to a REQUEST) of {@code address}, with the network's
     * settings and, for a PXE client, its boot file; iPXE is also told not to wait for ProxyDHCP
     * offers ({@link #IPXE_NO_PROXY_DHCP}).
     *
     * @param plan the boot step, or null for a client that is not booting over the network
     */
    public static DhcpMessage lease(DhcpMessage request, PxeBoot boot, Inet4Address address, Network network, PxeBoot.Plan plan) {
        int type = request.type() == DhcpOptions.DISCOVER ? DhcpOptions.OFFER : DhcpOptions.ACK;
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
        options.put(DhcpOptions.SERVER_IDENTIFIER, boot.server().getAddress());
        options.put(DhcpOptions.LEASE_TIME, ByteBuffer.allocate(4).putInt(network.leaseSeconds()).array());
        options.put(DhcpOptions.SUBNET_MASK, network.mask().getAddress());
        if (network.router() != null) {
            options.put(DhcpOptions.ROUTER, network.router().getAddress());
        }
        if (!network.dns().isEmpty()) {
            ByteBuffer dns = ByteBuffer.allocate(4 * network.dns().size());
            network.dns().forEach(server -> dns.put(server.getAddress()));
            options.put(DhcpOptions.DNS_SERVERS, dns.array());
        }
        if (plan != null) {
            options.put(DhcpOptions.BOOTFILE_NAME, plan.file().getBytes(StandardCharsets.US_ASCII));
            if (plan.http()) {
                options.put(DhcpOptions.IPXE_ENCAP, IPXE_NO_PROXY_DHCP.clone());
            }
        }
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.xid(), 0, request.flags(), zero(), address, boot.server(),
                request.giaddr(), request.chaddr(), "", plan == null ? "" : fileField(plan), options);
    }

    /**
     * The ACK to an INFORM (RFC 2131 §4.3.5): the network's settings, and a PXE client's boot file,
     * for a client that has its address already; no address and no lease time.
     */
    public static DhcpMessage inform(DhcpMessage request, PxeBoot boot, Network network, PxeBoot.Plan plan) {
        DhcpMessage lease = lease(request, boot, zero(), network, plan);
        Map<Integer, byte[]> options = new LinkedHashMap<>(lease.options());
        options.remove(DhcpOptions.LEASE_TIME);
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.xid(), 0, request.flags(), request.ciaddr(), zero(), boot.server(),
                request.giaddr(), request.chaddr(), "", plan == null ? "" : fileField(plan), options);
    }

    /** A NAK to a REQUEST for an address this server will not give. */
    public static DhcpMessage nak(DhcpMessage request, PxeBoot boot) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.NAK});
        options.put(DhcpOptions.SERVER_IDENTIFIER, boot.server().getAddress());
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.xid(), 0, request.flags(), zero(), zero(), zero(),
                request.giaddr(), request.chaddr(), "", "", options);
    }

    /**
     * The network settings of full mode.
     *
     * @param mask         the subnet mask
     * @param router       the default gateway, or null
     * @param dns          DNS servers, possibly none
     * @param leaseSeconds how long a lease lasts
     */
    public record Network(Inet4Address mask, Inet4Address router, List<Inet4Address> dns, int leaseSeconds) {

        public Network {
            dns = List.copyOf(dns);
            if (leaseSeconds < 60) {
                throw new IllegalArgumentException("a lease lasts at least 60 seconds, not " + leaseSeconds);
            }
        }
    }

    /** The {@code file} field holds 127 characters; a longer URL travels in option 67 only. */
    private static String fileField(PxeBoot.Plan plan) {
        return plan.file().length() <= 127 ? plan.file() : "";
    }

    private static Inet4Address zero() {
        try {
            return (Inet4Address) Inet4Address.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
