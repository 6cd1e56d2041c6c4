package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Conflict detection that does not delay offers: addresses of the range are pinged in the
 * background (all free ones when the server starts and every {@link #RESCAN}, and each address
 * right after it is offered), and one that answers while no client of this server holds it is
 * set aside as a DECLINEd one would be ({@link LeasePool#conflict}). A client that asks for it
 * then gets a NAK and discovers again; the next offers skip it. dnsmasq instead waits for its ping
 * before each offer (which {@code --no-ping} turns off).
 *
 * <p>The probe is ICMP echo ({@link Inet4Address#isReachable}, which needs root, as the DHCP port
 * does), at most {@value #PARALLEL} at a time, each waiting {@link #TIMEOUT}.
 */
public final class ConflictProbe implements AutoCloseable {

    /** Whether an address is in use on the network. */
    @FunctionalInterface
    public interface Prober {
        Prober ICMP = address -> address.isReachable((int) TIMEOUT.toMillis());

        boolean inUse(Inet4Address address) throws IOException;
    }

    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final Duration RESCAN = Duration.ofMinutes(5);
    static final int PARALLEL = 16;
    private static final int QUEUE = 4096;

    private final LeasePool pool;
    private final Prober prober;
    private final DhcpEvents events;
    private final ExecutorService probes;
    private final ScheduledExecutorService scans;
    private final Set<Inet4Address> pending = ConcurrentHashMap.newKeySet();

    ConflictProbe(LeasePool pool, Prober prober, DhcpEvents events) {
        this.pool = pool;
        this.prober = prober;
        this.events = events;
        this.probes = new ThreadPoolExecutor(PARALLEL, PARALLEL, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "dhcp-probe");
            thread.setDaemon(true);
            return thread;
        });
        ((ThreadPoolExecutor) probes).allowCoreThreadTimeOut(true);
        this.scans = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dhcp-scan");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the scans of the range: now, then every {@link #RESCAN}. */
    ConflictProbe start() {
        scans.scheduleWithFixedDelay(this::scan, 0, RESCAN.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Pings the free addresses of the range. */
    void scan() {
        List<Inet4Address> free = pool.unleased();
        for (Inet4Address address : free) {
            probe(null, address);
        }
    }

    /** Pings an address just offered to {@code mac} (null: found by a scan). */
    void probe(String mac, Inet4Address address) {
        if (!pending.add(address)) {
            return;
        }
        try {
            probes.execute(() -> {
                try {
                    if (prober.inUse(address) && pool.conflict(address)) {
                        events.handled(new DhcpEvent(mac == null ? "" : mac, 0, DhcpEvent.Outcome.RECORDED, 0, address, "",
                                "answers ping: in use on the network, given to nobody for a while"));
                    }
                } catch (IOException | RuntimeException e) {
                    // unknown: the address stays offered, as without a probe
                } finally {
                    pending.remove(address);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(address); // too many at once, or closing: the next scan tries again
        }
    }

    @Override
    public void close() {
        scans.shutdownNow();
        probes.shutdownNow();
    }
}
