package org.labctl.bastion.internal.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** What the bastion's UDP servers (DHCP, TFTP) share: reading the datagrams waiting on a socket. */
public final class Datagrams {

    /** Handles one datagram, flipped for reading in the shared buffer. */
    @FunctionalInterface
    public interface Handler {
        void handle(InetSocketAddress from, ByteBuffer datagram);
    }

    private Datagrams() {
    }

    /**
     * Reads up to {@code max} waiting datagrams from a non-blocking channel into {@code buffer} and
     * hands each to {@code handler}. A handler's failure is logged and the next datagram read, so
     * one bad request never stops a server.
     *
     * @param protocol the server's name for the log, {@code DHCP} or {@code TFTP}
     */
    public static void drain(DatagramChannel channel, ByteBuffer buffer, int max, Handler handler, String protocol, org.labctl.bastion.internal.Log log) {
        for (int i = 0; i < max; i++) {
            SocketAddress from;
            try {
                buffer.clear();
                from = channel.receive(buffer);
            } catch (IOException e) {
                log.debug("{} receive failed: {}", protocol, e.toString());
                return;
            }
            if (from == null) {
                return;
            }
            buffer.flip();
            try {
                handler.handle((InetSocketAddress) from, buffer);
            } catch (RuntimeException e) {
                log.warn("{} request from {} failed: {}", protocol, from, e.toString(), e);
            }
        }
    }
}
