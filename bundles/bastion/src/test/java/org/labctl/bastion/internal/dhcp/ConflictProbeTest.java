package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.dhcp.DhcpResponder.Answer;

/** Addresses in use on the network are found without delaying offers, and are not given. */
class ConflictProbeTest {

    private static final String MAC = "52:54:00:12:34:56";
    private static final Inet4Address BASTION = ip("10.0.0.1");

    @TempDir
    Path dir;

    private LeasePool pool() throws Exception {
        return LeasePool.open(ip("10.0.0.100"), ip("10.0.0.103"), Duration.ofMinutes(10), Duration.ofSeconds(60),
                Duration.ofMinutes(10), new LeasePoolTest.MovableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new LeaseFile(dir.resolve(DhcpSettings.LEASE_FILE)));
    }

    @Test
    void anOfferIsMadeAtOnceAndAnAddressThatAnswersPingIsRefusedAtTheRequest() throws Exception {
        LeasePool pool = pool();
        DhcpSettings settings = DhcpSettings.full(new InetSocketAddress(67), new PxeBoot(BASTION, 8080), ip("10.0.0.100"),
                ip("10.0.0.103"), new DhcpReplies.Network(ip("255.255.255.0"), BASTION, List.of(), 600), dir);
        List<Inet4Address> offered = new ArrayList<>();
        DhcpResponder responder = new DhcpResponder(settings, pool, (mac, address) -> offered.add(address));
        Answer offer = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), null, false);
        assertEquals(ip("10.0.0.100"), offer.reply().yiaddr());
        assertEquals(List.of(ip("10.0.0.100")), offered, "the offered address goes to the probe");

        assertTrue(pool.conflict(ip("10.0.0.100")), "it answered ping");
        Answer nak = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("10.0.0.100")).server(BASTION).build(),
                null, false);
        assertEquals(DhcpOptions.NAK, nak.reply().type());
        assertTrue(nak.event().reason().contains("answers ping"), nak.event().reason());
        Answer again = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), null, false);
        assertEquals(ip("10.0.0.101"), again.reply().yiaddr());

        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("10.0.0.101")).server(BASTION).build(), null, false);
        assertFalse(pool.conflict(ip("10.0.0.101")), "a client of this server holding it answers ping: no conflict");
        offered.clear();
        responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), null, false);
        assertEquals(List.of(), offered, "its own lease again: nothing to probe");
    }

    @Test
    void theScanPingsEveryFreeAddressAndSetsAsideThoseInUse() throws Exception {
        LeasePool pool = pool();
        Set<Inet4Address> inUse = Set.of(ip("10.0.0.101"), ip("10.0.0.103"));
        List<Inet4Address> pinged = new CopyOnWriteArrayList<>();
        List<DhcpEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        try (ConflictProbe probe = new ConflictProbe(pool, address -> {
            pinged.add(address);
            return inUse.contains(address);
        }, event -> {
            events.add(event);
            done.countDown();
        })) {
            probe.start();
            assertTrue(done.await(10, TimeUnit.SECONDS), "two conflicts reported: " + events);
        }
        assertEquals(4, pinged.size(), pinged.toString());
        assertTrue(pool.declined(ip("10.0.0.101")) && pool.declined(ip("10.0.0.103")));
        assertFalse(pool.declined(ip("10.0.0.100")));
        assertEquals(ip("10.0.0.100"), pool.offer(MAC, null));
        assertEquals(ip("10.0.0.102"), pool.offer("52:54:00:00:00:02", null), "the address in use is skipped");
        assertTrue(events.stream().allMatch(e -> e.outcome() == DhcpEvent.Outcome.RECORDED && e.reason().contains("answers ping")));
    }

    private static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
