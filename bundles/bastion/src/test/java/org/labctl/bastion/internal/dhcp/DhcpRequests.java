package org.labctl.bastion.internal.dhcp;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests as clients send them, for the tests. */
final class DhcpRequests {

    private final Map<Integer, byte[]> options = new LinkedHashMap<>();
    private final byte[] mac;
    private Inet4Address ciaddr;
    private Inet4Address giaddr;

    private DhcpRequests(int type, String mac) {
        this.mac = HexFormat.ofDelimiter(":").parseHex(mac);
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
    }

    static DhcpRequests of(int type, String mac) {
        return new DhcpRequests(type, mac);
    }

    /** Vendor class and option 93 as a PXE ROM sends them. */
    DhcpRequests pxe(int architecture) {
        options.put(DhcpOptions.VENDOR_CLASS,
                String.format("PXEClient:Arch:%05d:UNDI:002001", architecture).getBytes(StandardCharsets.US_ASCII));
        options.put(DhcpOptions.CLIENT_ARCHITECTURE, new byte[] {(byte) (architecture >> 8), (byte) architecture});
        return this;
    }

    DhcpRequests ipxe() {
        options.put(DhcpOptions.USER_CLASS, "iPXE".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** iPXE's feature list (option 175: HTTP and TFTP), which it sends in every request beside its user class. */
    DhcpRequests ipxeFeatures() {
        options.put(175, new byte[] {0x13, 1, 1, 0x15, 1, 1});
        return this;
    }

    DhcpRequests requested(Inet4Address address) {
        options.put(DhcpOptions.REQUESTED_ADDRESS, address.getAddress());
        return this;
    }

    DhcpRequests server(Inet4Address address) {
        options.put(DhcpOptions.SERVER_IDENTIFIER, address.getAddress());
        return this;
    }

    DhcpRequests ciaddr(Inet4Address address) {
        this.ciaddr = address;
        return this;
    }

    DhcpRequests giaddr(Inet4Address address) {
        this.giaddr = address;
        return this;
    }

    DhcpMessage build() {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 0x2a2a2a2a, 0, 0, ciaddr, null, null, giaddr, mac, "", "", options);
    }
}
