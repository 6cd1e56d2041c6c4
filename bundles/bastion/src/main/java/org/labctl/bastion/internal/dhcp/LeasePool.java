package org.labctl.bastion.internal.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses of full mode, from {@code first} to {@code last}: who holds which, who was offered
 * which, and which ones a client reported in use (DECLINE). No sockets and no threads: the server's
 * one I/O thread calls it, and tests call it with a fixed clock.
 *
 * <p>A client gets, in this order: the address it had (its lease, even an expired or released one,
 * as long as nobody else took it), the address it asks for, an address never leased, and last the
 * address whose lease expired longest ago. An offer holds its address for {@code offerHold}, so two
 * clients that discover at once get different addresses. A declined address is given to nobody for
 * {@code declineHold}; this is the only conflict detection, and it never delays an offer.
 *
 * <p>Its methods are synchronized only so that the leases can be read from another thread.
 *
 * <p>Every change to a lease is recorded in the {@link LeaseFile} (one line appended to its journal,
 * forced to disk) before the client is answered, so an acknowledged address survives a crash and a
 * restart; offers and declined addresses live in memory only.
 */
public final class LeasePool implements java.io.Closeable {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(LeasePool.class);

    /** The most addresses a range may hold: a /16, far more than a lab needs. */
    static final int MAX_SIZE = 65536;

    private record Offer(Inet4Address address, Instant until) {
    }

    private final int first;
    private final int last;
    private final Duration leaseTime;
    private final Duration offerHold;
    private final Duration declineHold;
    private final Clock clock;
    private final LeaseFile file;
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    private final Map<Integer, Lease> byAddress = new HashMap<>();
    private final Map<String, Offer> offers = new HashMap<>();
    private final Map<Integer, Instant> declined = new HashMap<>();

    private LeasePool(int first, int last, Duration leaseTime, Duration offerHold, Duration declineHold, Clock clock,
            LeaseFile file) {
        this.first = first;
        this.last = last;
        this.leaseTime = leaseTime;
        this.offerHold = offerHold;
        this.declineHold = declineHold;
        this.clock = clock;
        this.file = file;
    }

    /**
     * Opens the pool and loads its lease file; leases outside the range (it was changed) are dropped.
     * The leases are then written as the file's new snapshot; {@link #close} closes the file.
     *
     * @throws LeaseFileException when the lease file is corrupt: the server must not start then
     */
    public static LeasePool open(Inet4Address first, Inet4Address last, Duration leaseTime, Duration offerHold,
            Duration declineHold, Clock clock, LeaseFile file) throws IOException {
        int from = toInt(first);
        int to = toInt(last);
        if (Integer.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("the DHCP range " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " ends before it starts");
        }
        if (Integer.toUnsignedLong(to) - Integer.toUnsignedLong(from) + 1 > MAX_SIZE) {
            throw new IllegalArgumentException("the DHCP range " + first.getHostAddress() + "-" + last.getHostAddress()
                    + " holds more than " + MAX_SIZE + " addresses");
        }
        LeasePool pool = new LeasePool(from, to, leaseTime, offerHold, declineHold, clock, file);
        for (Lease lease : file.load()) {
            if (pool.inRange(toInt(lease.address()))) {
                pool.put(lease);
            } else {
                LOG.info("DHCP lease of {} on {} dropped: outside the range {}-{}", lease.mac(),
                        lease.address().getHostAddress(), first.getHostAddress(), last.getHostAddress());
            }
        }
        file.begin(pool.leases.values());
        return pool;
    }

    public boolean inRange(Inet4Address address) {
        return inRange(toInt(address));
    }

    /** The leases, active or not, in the order they were made. */
    public synchronized List<Lease> leases() {
        return List.copyOf(leases.values());
    }

    /** The lease of this MAC, active or not, or null. */
    public synchronized Lease lease(String mac) {
        return leases.get(mac);
    }

    /**
     * The address to offer to this client, held for it a while; null when the range is exhausted.
     *
     * @param requested the address the client asked for (option 50), or null
     */
    public synchronized Inet4Address offer(String mac, Inet4Address requested) {
        Instant now = clock.instant();
        Inet4Address address = choose(mac, requested, now);
        if (address != null) {
            offers.put(mac, new Offer(address, now.plus(offerHold)));
        }
        return address;
    }

    /**
     * Leases this address to this client (a REQUEST), or null when it may not have it (outside the
     * range, declined, or another client's): the client is then sent a NAK.
     */
    public synchronized Lease acknowledge(String mac, Inet4Address address) throws IOException {
        Instant now = clock.instant();
        int key = toInt(address);
        if (!inRange(key) || !free(key, mac, now)) {
            return null;
        }
        Lease previous = byAddress.get(key);
        if (previous != null && !previous.mac().equals(mac)) {
            remove(previous.mac()); // an expired lease of another client, reclaimed
        }
        remove(mac);
        Lease lease = new Lease(mac, address, now.plus(leaseTime));
        put(lease);
        offers.remove(mac);
        record(lease);
        return lease;
    }

    /** The client gives its address back (RELEASE); it stays associated with it for the next time. */
    public synchronized boolean release(String mac, Inet4Address address) throws IOException {
        Lease lease = leases.get(mac);
        if (lease == null || !lease.address().equals(address)) {
            return false;
        }
        Instant now = clock.instant();
        if (lease.activeAt(now)) {
            remove(mac);
            Lease released = new Lease(mac, address, now);
            put(released);
            record(released);
        }
        return true;
    }

    /**
     * The client found this address in use by another machine (DECLINE): nobody gets it for
     * {@code declineHold}, and the client's lease of it is gone.
     */
    public synchronized boolean decline(String mac, Inet4Address address) throws IOException {
        int key = toInt(address);
        if (!inRange(key)) {
            return false;
        }
        declined.put(key, clock.instant().plus(declineHold));
        offers.remove(mac);
        Lease lease = leases.get(mac);
        if (lease != null && lease.address().equals(address)) {
            remove(mac);
            file.recordNone(mac);
            file.compactIfDue(leases::values);
        }
        return true;
    }

    /**
     * Another machine answers at this address ({@link ConflictProbe}): unless a client of this
     * server holds it, nobody gets it for {@code declineHold}, and an offer of it is withdrawn.
     *
     * @return whether it was set aside
     */
    public synchronized boolean conflict(Inet4Address address) {
        int key = toInt(address);
        Instant now = clock.instant();
        Lease lease = byAddress.get(key);
        if (!inRange(key) || lease != null && lease.activeAt(now)) {
            return false;
        }
        declined.put(key, now.plus(declineHold));
        offers.values().removeIf(offer -> toInt(offer.address()) == key);
        return true;
    }

    /** The addresses of the range no client holds a lease of now: what a conflict scan pings. */
    public synchronized List<Inet4Address> unleased() {
        Instant now = clock.instant();
        List<Inet4Address> free = new ArrayList<>();
        for (long candidate = Integer.toUnsignedLong(first); candidate <= Integer.toUnsignedLong(last); candidate++) {
            Lease lease = byAddress.get((int) candidate);
            if (lease == null || !lease.activeAt(now)) {
                free.add(toAddress((int) candidate));
            }
        }
        return free;
    }

    /** Whether this address is set aside after a DECLINE. */
    public synchronized boolean declined(Inet4Address address) {
        Instant until = declined.get(toInt(address));
        return until != null && until.isAfter(clock.instant());
    }

    /** The client chose another server's offer: its offer here no longer holds an address. */
    public synchronized void forgetOffer(String mac) {
        offers.remove(mac);
    }

    private Inet4Address choose(String mac, Inet4Address requested, Instant now) {
        Lease own = leases.get(mac);
        if (own != null && free(toInt(own.address()), mac, now)) {
            return own.address();
        }
        Offer offered = offers.get(mac);
        if (offered != null && free(toInt(offered.address()), mac, now)) {
            return offered.address();
        }
        if (requested != null && inRange(toInt(requested)) && free(toInt(requested), mac, now)) {
            return requested;
        }
        for (long candidate = Integer.toUnsignedLong(first); candidate <= Integer.toUnsignedLong(last); candidate++) {
            int key = (int) candidate;
            if (!byAddress.containsKey(key) && free(key, mac, now)) {
                return toAddress(key);
            }
        }
        return leases.values().stream()
                .filter(lease -> !lease.activeAt(now) && free(toInt(lease.address()), mac, now))
                .min(Comparator.comparing(Lease::expires))
                .map(Lease::address)
                .orElse(null);
    }

    /** Free for this client: not declined, not leased to another client, not offered to another one. */
    private boolean free(int key, String mac, Instant now) {
        Instant until = declined.get(key);
        if (until != null) {
            if (until.isAfter(now)) {
                return false;
            }
            declined.remove(key);
        }
        Lease lease = byAddress.get(key);
        if (lease != null && !lease.mac().equals(mac) && lease.activeAt(now)) {
            return false;
        }
        for (Map.Entry<String, Offer> offer : offers.entrySet()) {
            if (!offer.getKey().equals(mac) && toInt(offer.getValue().address()) == key && offer.getValue().until().isAfter(now)) {
                return false;
            }
        }
        return true;
    }

    private void put(Lease lease) {
        leases.put(lease.mac(), lease);
        byAddress.put(toInt(lease.address()), lease);
    }

    private void remove(String mac) {
        Lease lease = leases.remove(mac);
        if (lease != null) {
            byAddress.remove(toInt(lease.address()));
        }
    }

    private void record(Lease lease) throws IOException {
        file.record(lease);
        file.compactIfDue(leases::values);
    }

    /** Closes the lease file, once a compaction that runs has ended; the leases are on disk already. */
    @Override
    public synchronized void close() throws IOException {
        file.close();
    }

    private boolean inRange(int key) {
        return Integer.compareUnsigned(key, first) >= 0 && Integer.compareUnsigned(key, last) <= 0;
    }

    static int toInt(Inet4Address address) {
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    static Inet4Address toAddress(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(value).array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
