package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The address pool of full mode, with a clock the test moves, and its lease file. */
class LeasePoolTest {

    private static final String A = "52:54:00:00:00:0a";
    private static final String B = "52:54:00:00:00:0b";
    private static final String C = "52:54:00:00:00:0c";
    private static final Duration LEASE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private LeasePool pool(String first, String last) throws IOException {
        return LeasePool.open(ip(first), ip(last), LEASE, Duration.ofSeconds(60), Duration.ofMinutes(5), clock, file());
    }

    private LeaseFile file() {
        return new LeaseFile(dir.resolve(DhcpSettings.LEASE_FILE));
    }

    @Test
    void clientsGetDistinctAddressesAndAClientKeepsItsOwn() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.12");
        Inet4Address a = pool.offer(A, null);
        Inet4Address b = pool.offer(B, null);
        assertEquals(ip("10.0.0.10"), a);
        assertEquals(ip("10.0.0.11"), b, "an address offered to A is held for A");
        assertEquals(a, pool.offer(A, null), "A asking again gets the same offer");
        assertEquals(a, pool.acknowledge(A, a).address());
        assertNull(pool.acknowledge(B, a), "A's address is not B's");
        assertEquals(ip("10.0.0.12"), pool.offer(C, ip("10.0.0.10")), "a requested address taken by another is not given");
    }

    @Test
    void anExhaustedRangeOffersNothingUntilALeaseExpiresAndThenReclaimsTheOldest() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.11");
        pool.acknowledge(A, pool.offer(A, null));
        clock.advance(Duration.ofMinutes(1));
        pool.acknowledge(B, pool.offer(B, null));
        assertNull(pool.offer(C, null), "two addresses, two active leases: no offer");
        clock.advance(LEASE.minusSeconds(30)); // A's lease has expired, B's not yet
        assertEquals(ip("10.0.0.10"), pool.offer(C, null), "the expired lease's address is reclaimed");
        assertNotNull(pool.acknowledge(C, ip("10.0.0.10")));
        assertNull(pool.lease(A), "A's old lease is gone once its address went to C");
    }

    @Test
    void aReleasedAddressComesBackToItsClientAndIsGivenToOthersOnlyWhenNothingElseIsFree() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.11");
        Inet4Address a = pool.acknowledge(A, pool.offer(A, null)).address();
        assertTrue(pool.release(A, a));
        assertFalse(pool.release(B, a), "B holds no lease of it");
        assertEquals(ip("10.0.0.11"), pool.offer(B, null), "B gets an address never leased, not A's released one");
        assertEquals(a, pool.offer(A, null), "A gets its address back");
    }

    @Test
    void aDeclinedAddressIsGivenToNobodyForTheHoldThenAgain() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.11");
        Inet4Address a = pool.acknowledge(A, pool.offer(A, null)).address();
        assertTrue(pool.decline(A, a));
        assertNull(pool.lease(A), "the declined lease is gone");
        assertTrue(pool.declined(a));
        assertEquals(ip("10.0.0.11"), pool.offer(A, null), "the client gets another address at once, without a probe");
        assertNull(pool.acknowledge(B, a), "nobody may have it");
        clock.advance(Duration.ofMinutes(6));
        assertFalse(pool.declined(a));
        assertEquals(a, pool.offer(B, null), "after the hold it is free again");
        assertFalse(pool.decline(A, ip("10.0.1.1")), "outside the range: ignored");
    }

    @Test
    void anOfferHoldsItsAddressOnlyForTheOfferHold() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.10");
        assertEquals(ip("10.0.0.10"), pool.offer(A, null));
        assertNull(pool.offer(B, null), "held for A");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(ip("10.0.0.10"), pool.offer(B, null), "A never asked for it: B gets it");
        pool.forgetOffer(B);
        assertEquals(ip("10.0.0.10"), pool.offer(C, null), "B chose another server");
    }

    @Test
    void leasesSurviveAReopenAndOutOfRangeOnesAreDropped() throws Exception {
        LeasePool pool = pool("10.0.0.10", "10.0.0.20");
        Inet4Address a = pool.acknowledge(A, pool.offer(A, null)).address();
        Inet4Address b = pool.acknowledge(B, pool.offer(B, null)).address();
        pool.release(B, b);
        assertTrue(Files.readString(dir.resolve(DhcpSettings.LEASE_FILE)).startsWith(LeaseFile.HEADER + "\n"));
        assertFalse(Files.exists(dir.resolve(DhcpSettings.LEASE_FILE + ".tmp")), "the temporary file was moved over the file");

        LeasePool reopened = pool("10.0.0.10", "10.0.0.20");
        assertEquals(List.of(A, B), reopened.leases().stream().map(Lease::mac).toList());
        assertEquals(a, reopened.offer(A, null));
        assertEquals(b, reopened.offer(B, null), "a released lease is remembered too");
        assertNull(reopened.acknowledge(C, a), "A's lease is active after the restart");

        LeasePool shrunk = pool("10.0.0.11", "10.0.0.20");
        assertEquals(List.of(B), shrunk.leases().stream().map(Lease::mac).toList(), "A's lease outside the new range is dropped");
    }

    @Test
    void aCorruptLeaseFileIsRefusedWithTheLineAndWhatToDo() throws Exception {
        Path path = dir.resolve(DhcpSettings.LEASE_FILE);
        for (String[] bad : new String[][] {
            {"not a lease file\n", "line 1"},
            {LeaseFile.HEADER + "\n52:54:00:00:00:0a 10.0.0.10\n", "line 2 is corrupt: expected MAC ADDRESS EXPIRES"},
            {LeaseFile.HEADER + "\n52:54:00:00:00:0a 10.0.0.300 2026-01-01T00:00:00Z\n", "not an IPv4 address"},
            {LeaseFile.HEADER + "\nxx:54:00:00:00:0a 10.0.0.10 2026-01-01T00:00:00Z\n", "not a MAC address"},
            {LeaseFile.HEADER + "\n52:54:00:00:00:0a 10.0.0.10 yesterday\n", "not an instant"},
            {LeaseFile.HEADER + "\n52:54:00:00:00:0a 10.0.0.10 2026-01-01T00:00:00Z\n52:54:00:00:00:0b 10.0.0.10 2026-01-01T00:00:00Z\n",
                "line 3 is corrupt: address 10.0.0.10 is leased twice"},
        }) {
            Files.writeString(path, bad[0]);
            LeaseFileException e = assertThrows(LeaseFileException.class, () -> pool("10.0.0.10", "10.0.0.20"));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
            assertTrue(e.getMessage().endsWith("fix it, or delete " + path + "* to start with no leases (every client then gets a new "
                    + "address)"), e.getMessage());
        }
    }

    @Test
    void theRangeIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.20", "10.0.0.10"));
        assertThrows(IllegalArgumentException.class, () -> pool("10.0.0.0", "10.1.0.0"));
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock that moves only when the test says so. */
    static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
