package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PXE ROM's first steps, for tests in a network namespace, where there is no real PXE ROM: it
 * broadcasts a BIOS PXE DISCOVER from port 68 and prints every answer for a few seconds, then sends
 * a REQUEST to the proxy's port 4011 and prints its answer. One line per answer:
 * {@code REPLY OFFER from=10.99.1.1 yiaddr=0.0.0.0 file=undionly.kpxe vendor=PXEClient}.
 *
 * <pre>MAC PROXY_ADDRESS SECONDS</pre>
 *
 * The client's interface needs an address (any, outside the ranges) and a default route so that the
 * kernel routes the broadcast; a real ROM sends from 0.0.0.0 through a raw interface.
 */
public final class PxeClientMain {

    private PxeClientMain() {
    }

    public static void main(String[] args) throws IOException {
        byte[] mac = HexFormat.ofDelimiter(":").parseHex(args[0]);
        Inet4Address proxy = (Inet4Address) InetAddress.getByName(args[1]);
        long waitMillis = Long.parseLong(args[2]) * 1000;
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.bind(new InetSocketAddress(DhcpSettings.CLIENT_PORT));
            channel.socket().setSoTimeout(200);
            channel.send(ByteBuffer.wrap(request(DhcpOptions.DISCOVER, mac).encode()),
                    new InetSocketAddress("255.255.255.255", DhcpSettings.SERVER_PORT));
            receive(channel, waitMillis);
            channel.send(ByteBuffer.wrap(request(DhcpOptions.REQUEST, mac).encode()),
                    new InetSocketAddress(proxy, DhcpSettings.PXE_PORT));
            receive(channel, waitMillis);
        }
        System.out.println("DONE");
    }

    private static DhcpMessage request(int type, byte[] mac) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {(byte) type});
        options.put(DhcpOptions.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 43, 60, 66, 67});
        options.put(DhcpOptions.VENDOR_CLASS, "PXEClient:Arch:00000:UNDI:002001".getBytes(StandardCharsets.US_ASCII));
        options.put(DhcpOptions.CLIENT_ARCHITECTURE, new byte[] {0, 0});
        options.put(DhcpOptions.CLIENT_MACHINE_ID, new byte[17]);
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 0x5eed0000 + type, 0, 0x8000, null, null, null, null, mac, "", "", options);
    }

    private static void receive(DatagramChannel channel, long waitMillis) throws IOException {
        long deadline = System.currentTimeMillis() + waitMillis;
        byte[] buffer = new byte[DhcpMessage.MAX_BYTES];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(buffer, buffer.length);
        while (System.currentTimeMillis() < deadline) {
            try {
                channel.socket().receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            try {
                DhcpMessage reply = DhcpMessage.parse(ByteBuffer.wrap(buffer, 0, packet.getLength()));
                if (reply.op() != DhcpMessage.BOOTREPLY) {
                    continue;
                }
                System.out.println("REPLY " + DhcpOptions.typeName(reply.type()) + " from=" + packet.getAddress().getHostAddress()
                        + ":" + packet.getPort() + " yiaddr=" + reply.yiaddr().getHostAddress() + " file="
                        + (reply.file().isEmpty() ? "-" : reply.file()) + " vendor=" + reply.text(DhcpOptions.VENDOR_CLASS));
                System.out.flush();
            } catch (DhcpFormatException e) {
                System.out.println("MALFORMED " + e.getMessage());
            }
        }
    }
}
