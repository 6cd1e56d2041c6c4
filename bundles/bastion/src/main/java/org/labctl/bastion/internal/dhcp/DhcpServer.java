package org.labctl.bastion.internal.dhcp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.labctl.bastion.internal.dhcp.DhcpSettings.Mode;
import org.labctl.bastion.internal.udp.LoopThread;

/**
 * The bastion's DHCP server, in one of two modes (see {@link DhcpSettings.Mode} and
 * {@link DhcpResponder} for the rules): FULL gives addresses from a range and keeps its leases in
 * a file; PROXY answers PXE clients only, on ports 67 and 4011, next to the network's DHCP server.
 *
 * <p><b>Binding.</b> A DISCOVER is sent to 255.255.255.255, which only a socket bound to the
 * wildcard address receives: the bastion binds {@code 0.0.0.0:67}, and only when DHCP is
 * configured. Answers leave from a second socket bound to the bastion's own address and port 67
 * ({@code SO_REUSEADDR}), so that they carry that address as source and a broadcast answer leaves
 * through that address's interface even when the host has no route to 255.255.255.255.
 *
 * <p><b>One interface.</b> Java cannot bind a socket to a device ({@code SO_BINDTODEVICE}) nor read
 * which interface a datagram came in on ({@code IP_PKTINFO}): the wildcard socket hears broadcast
 * requests from every interface of the host and answers them all as if they came from the bastion's
 * network. The supported setup is therefore one provisioning interface per host or network
 * namespace; run the bastion in a namespace that holds only that interface when the host has more.
 *
 * <p>Each datagram, once handled, is reported to the {@link DhcpEvents} given to {@link #start}.
 */
public final class DhcpServer implements Closeable {

    private final DhcpLoop loop;
    private final LoopThread thread;
    private final InetSocketAddress localAddress;
    private final InetSocketAddress pxeAddress;
    private final LeasePool pool;
    private final ConflictProbe probe;
    private final DhcpResponder responder;
    private final Clock clock;

    private DhcpServer(DhcpLoop loop, LoopThread thread, InetSocketAddress localAddress, InetSocketAddress pxeAddress, LeasePool pool,
            ConflictProbe probe, DhcpResponder responder, Clock clock) {
        this.responder = responder;
        this.clock = clock;
        this.loop = loop;
        this.thread = thread;
        this.localAddress = localAddress;
        this.pxeAddress = pxeAddress;
        this.pool = pool;
        this.probe = probe;
    }

    /**
     * Loads the leases (full mode), binds the ports and starts serving.
     *
     * @throws LeaseFileException when the lease file is corrupt: nothing is started, see {@link LeaseFile}
     * @throws IOException        when a port cannot be bound; with a wildcard bind, also when the
     *                            bastion's address ({@link PxeBoot#server()}) is not one of this host
     */
    public static DhcpServer start(DhcpSettings settings, DhcpEvents events) throws IOException {
        return start(settings, events, Clock.systemUTC());
    }

    static DhcpServer start(DhcpSettings settings, DhcpEvents events, Clock clock) throws IOException {
        return start(settings, events, clock, ConflictProbe.Prober.ICMP);
    }

    /** @param prober how a full-mode server finds addresses in use (null: it does not look) */
    static DhcpServer start(DhcpSettings settings, DhcpEvents events, Clock clock, ConflictProbe.Prober prober) throws IOException {
        LeasePool pool = settings.mode() == Mode.FULL
                ? LeasePool.open(settings.rangeFirst(), settings.rangeLast(), Duration.ofSeconds(settings.network().leaseSeconds()),
                        settings.offerHold(), settings.declineHold(), clock, new LeaseFile(settings.leaseFile()))
                : null;
        List<AutoCloseable> opened = new ArrayList<>();
        if (pool != null) {
            opened.add(pool);
        }
        try {
            Selector selector = Selector.open();
            opened.add(selector);
            DatagramChannel server = open(settings.bind(), opened);
            DatagramChannel replies = server;
            if (settings.bind().getAddress().isAnyLocalAddress()) {
                replies = open(new InetSocketAddress(settings.boot().server(), server.socket().getLocalPort()), opened);
            }
            DatagramChannel pxe = settings.mode() == Mode.PROXY
                    ? open(new InetSocketAddress(settings.bind().getAddress(), settings.proxyPort()), opened)
                    : null;
            ConflictProbe probe = pool == null || prober == null ? null : new ConflictProbe(pool, prober, events);
            if (probe != null) {
                opened.add(probe);
            }
            DhcpResponder responder = new DhcpResponder(settings, pool, probe == null ? (mac, address) -> { } : probe::probe);
            DhcpLoop loop = new DhcpLoop(responder, events, selector, server, replies, pxe);
            InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
            LoopThread thread = LoopThread.start("dhcp-" + local.getPort(), loop);
            return new DhcpServer(loop, thread, local, pxe == null ? null : (InetSocketAddress) pxe.getLocalAddress(), pool,
                    probe == null ? null : probe.start(), responder, clock);
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable closeable : opened) {
                try {
                    closeable.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IOException("cannot start the DHCP server on " + settings.bind() + ": " + e.getMessage(), e);
        }
    }

    private static DatagramChannel open(InetSocketAddress bind, List<AutoCloseable> opened) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        opened.add(channel);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
        try {
            channel.bind(bind);
        } catch (IOException e) {
            throw new IOException("cannot bind " + bind + ": " + e.getMessage(), e);
        }
        return channel;
    }

    /** The address and port 67 (or the configured port) is bound to. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The PXE port's address in proxy mode, else null. */
    public InetSocketAddress pxeAddress() {
        return pxeAddress;
    }

    /** The leases in full mode, active or not, else none. */
    public List<Lease> leases() {
        return pool == null ? List.of() : pool.leases();
    }

    /**
     * Where this server knows a client to be: in full mode the address of its active lease; in proxy
     * mode the address a PXE client last booted with (what it asked the network's DHCP server for, or
     * asked this proxy from on port 4011). Empty when it knows none.
     */
    public java.util.Optional<java.net.Inet4Address> clientAddress(String mac) {
        if (pool != null) {
            Lease lease = pool.lease(mac);
            return lease != null && lease.activeAt(clock.instant()) ? java.util.Optional.of(lease.address()) : java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(responder.pxeAddress(mac));
    }

    /** How many datagrams were dropped as malformed. */
    public long malformed() {
        return loop.malformed();
    }

    /** False once the server was closed, or its thread died. */
    public boolean isRunning() {
        return thread.isRunning();
    }

    /** Stops answering and closes every socket and the lease file; the leases are on disk already. */
    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
        thread.close();
        if (pool != null) {
            try {
                pool.close();
            } catch (IOException e) {
                org.labctl.bastion.internal.Log.of(DhcpServer.class).warn("closing the DHCP lease file failed: {}", e.toString());
            }
        }
    }
}
