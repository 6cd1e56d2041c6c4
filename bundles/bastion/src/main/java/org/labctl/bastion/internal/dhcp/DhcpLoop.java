package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.labctl.bastion.internal.dhcp.DhcpEvent.Outcome;
import org.labctl.bastion.internal.udp.Datagrams;
import org.labctl.bastion.internal.udp.LoopThread;

/**
 * The one thread of a {@link DhcpServer}: a selector over its sockets; each datagram is parsed,
 * answered by the {@link DhcpResponder} and reported. Nothing a datagram holds stops the loop: a
 * malformed one is counted and dropped, and a bug met while answering one is logged.
 */
final class DhcpLoop implements LoopThread.Loop {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(DhcpLoop.class);
    private static final long IDLE_MILLIS = 1000;
    private static final int MAX_DATAGRAMS_PER_WAKEUP = 64;

    private final DhcpResponder responder;
    private final DhcpEvents events;
    private final Selector selector;
    private final DatagramChannel server;
    private final DatagramChannel replies;
    private final DatagramChannel pxe;
    private final List<DatagramChannel> channels;
    private final ByteBuffer in = ByteBuffer.allocate(DhcpMessage.MAX_BYTES + 1);
    private final AtomicLong malformed = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean running = true;

    /**
     * @param server  the port 67 socket
     * @param replies the socket answers on port 67 leave from (bound to the bastion's address, so
     *                that they carry it as source and a broadcast leaves through its interface), also
     *                read, as unicast to that address arrives there; may be {@code server}
     * @param pxe     the PXE port's socket in proxy mode, or null
     */
    DhcpLoop(DhcpResponder responder, DhcpEvents events, Selector selector, DatagramChannel server, DatagramChannel replies,
            DatagramChannel pxe) throws IOException {
        this.responder = responder;
        this.events = events;
        this.selector = selector;
        this.server = server;
        this.replies = replies;
        this.pxe = pxe;
        this.channels = java.util.stream.Stream.of(server, replies, pxe).filter(java.util.Objects::nonNull).distinct().toList();
        for (DatagramChannel channel : channels) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, channel);
        }
    }

    long malformed() {
        return malformed.get();
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                selector.select(key -> receive((DatagramChannel) key.attachment()), IDLE_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("DHCP server stopped: {}", e.toString(), e);
        } finally {
            for (DatagramChannel channel : channels) {
                close(channel);
            }
            close(selector);
            running = false;
        }
    }

    private void receive(DatagramChannel channel) {
        Datagrams.drain(channel, in, MAX_DATAGRAMS_PER_WAKEUP, (from, datagram) -> handle(from, channel == pxe), "DHCP", LOG);
    }

    private void handle(InetSocketAddress from, boolean pxePort) {
        DhcpMessage request;
        try {
            if (in.remaining() > DhcpMessage.MAX_BYTES) {
                throw new DhcpFormatException("longer than " + DhcpMessage.MAX_BYTES + " bytes");
            }
            request = DhcpMessage.parse(in);
        } catch (DhcpFormatException e) {
            malformed.incrementAndGet();
            report(new DhcpEvent("", 0, Outcome.MALFORMED, 0, null, "", "from " + from + ": " + e.getMessage()));
            return;
        }
        DhcpResponder.Answer answer = responder.answer(request, from, pxePort);
        DhcpEvent event = answer.event();
        if (answer.reply() != null) {
            DatagramChannel out = answer.via() == DhcpResponder.Via.PXE_PORT ? pxe : replies;
            try {
                out.send(ByteBuffer.wrap(answer.reply().encode()), answer.to());
            } catch (IOException | RuntimeException e) {
                event = new DhcpEvent(event.mac(), event.received(), Outcome.FAILED, event.sent(), event.address(), event.bootFile(),
                        "cannot send to " + answer.to() + ": " + e);
            }
        }
        report(event);
    }

    private void report(DhcpEvent event) {
        try {
            events.handled(event);
        } catch (RuntimeException e) {
            LOG.warn("DHCP event listener failed on {}: {}", event, e.toString(), e);
        }
    }

    private static void close(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", closeable, e.toString());
        }
    }
}
