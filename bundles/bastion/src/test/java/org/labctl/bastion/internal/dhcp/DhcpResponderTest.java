package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.bastion.internal.dhcp.LeasePoolTest.ip;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.dhcp.DhcpEvent.Outcome;
import org.labctl.bastion.internal.dhcp.DhcpResponder.Answer;
import org.labctl.bastion.internal.dhcp.DhcpResponder.Via;

/** Which answer goes where, in both modes, without sockets. */
class DhcpResponderTest {

    private static final String MAC = "52:54:00:12:34:56";
    private static final String OTHER = "52:54:00:65:43:21";
    private static final Inet4Address BASTION = ip("10.0.0.1");
    private static final PxeBoot BOOT = new PxeBoot(BASTION, 8080);
    private static final InetSocketAddress BROADCAST_68 = new InetSocketAddress(ip("255.255.255.255"), 68);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(ip("10.0.0.77"), 68);
    private static final DhcpReplies.Network NETWORK = new DhcpReplies.Network(ip("255.255.255.0"), BASTION, List.of(BASTION), 600);

    @TempDir
    Path dir;

    private DhcpResponder full(String first, String last) throws Exception {
        DhcpSettings settings = DhcpSettings.full(new InetSocketAddress(67), BOOT, ip(first), ip(last), NETWORK, dir);
        LeasePool pool = LeasePool.open(settings.rangeFirst(), settings.rangeLast(), Duration.ofMinutes(10), settings.offerHold(),
                settings.declineHold(), new LeasePoolTest.MovableClock(Instant.parse("2026-01-01T00:00:00Z")),
                new LeaseFile(settings.leaseFile()));
        return new DhcpResponder(settings, pool);
    }

    private static DhcpResponder proxy() {
        return new DhcpResponder(DhcpSettings.proxy(new InetSocketAddress(67), BOOT), null);
    }

    @Test
    void fullModeOffersThenAcknowledgesAndBroadcastsToAClientWithoutAddress() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.110");
        Answer offer = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), CLIENT, false);
        assertEquals(DhcpOptions.OFFER, offer.reply().type());
        assertEquals(ip("10.0.0.100"), offer.reply().yiaddr());
        assertEquals(BROADCAST_68, offer.to());
        assertEquals(Via.SERVER_PORT, offer.via());
        assertEquals("", offer.reply().file(), "no boot file for a client that is not booting from the network");
        assertEquals(new DhcpEvent(MAC, DhcpOptions.DISCOVER, Outcome.REPLIED, DhcpOptions.OFFER, ip("10.0.0.100"), "", ""),
                offer.event());

        Answer ack = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("10.0.0.100")).server(BASTION).build(),
                CLIENT, false);
        assertEquals(DhcpOptions.ACK, ack.reply().type());
        assertEquals(ip("10.0.0.100"), ack.reply().yiaddr());
        assertEquals(BROADCAST_68, ack.to());

        Answer renewal = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).ciaddr(ip("10.0.0.100")).build(), CLIENT, false);
        assertEquals(DhcpOptions.ACK, renewal.reply().type());
        assertEquals(new InetSocketAddress(ip("10.0.0.100"), 68), renewal.to(), "a renewal is answered by unicast");
    }

    @Test
    void anInformGetsTheNetworksSettingsWithoutAnAddressAtTheClientsAddress() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.110");
        Answer ack = responder.answer(DhcpRequests.of(DhcpOptions.INFORM, MAC).ciaddr(ip("10.0.0.77")).build(), CLIENT, false);
        assertEquals(DhcpOptions.ACK, ack.reply().type());
        assertEquals(ip("0.0.0.0"), ack.reply().yiaddr(), "no address is given");
        assertEquals(ip("10.0.0.77"), ack.reply().ciaddr());
        assertEquals(null, ack.reply().option(DhcpOptions.LEASE_TIME), "no lease time (RFC 2131 4.3.5)");
        assertEquals(ip("255.255.255.0"), ack.reply().address(DhcpOptions.SUBNET_MASK));
        assertEquals(new InetSocketAddress(ip("10.0.0.77"), 68), ack.to(), "sent to the address it has");
        assertEquals(0, responder.answer(DhcpRequests.of(DhcpOptions.INFORM, MAC).build(), CLIENT, false).event().sent(),
                "an INFORM without ciaddr is not answered");
    }

    @Test
    void aPxeClientGetsItsBootFileWithTheAddressAndARelayGetsTheAnswer() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.110");
        Answer offer = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).pxe(PxeClient.ARCH_EFI_X64)
                .giaddr(ip("10.0.9.1")).build(), CLIENT, false);
        assertEquals("ipxe.efi", offer.reply().file());
        assertEquals("ipxe.efi", offer.event().bootFile());
        assertEquals(new InetSocketAddress(ip("10.0.9.1"), 67), offer.to(), "through the relay");
    }

    @Test
    void aRequestForAnotherServerIsIgnoredAndAnAddressThatIsNotTheClientsIsRefusedByBroadcastNak() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.110");
        responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), CLIENT, false);
        Answer elsewhere = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("10.0.0.100"))
                .server(ip("10.0.0.2")).build(), CLIENT, false);
        assertNull(elsewhere.reply());
        assertEquals(Outcome.IGNORED, elsewhere.event().outcome());
        assertEquals("the client chose the server 10.0.0.2", elsewhere.event().reason());

        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, OTHER).requested(ip("10.0.0.100")).build(), CLIENT, false);
        Answer taken = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).ciaddr(ip("10.0.0.100")).build(), CLIENT, false);
        assertEquals(DhcpOptions.NAK, taken.reply().type());
        assertEquals(BROADCAST_68, taken.to(), "a NAK is broadcast");
        assertEquals("another client's address", taken.event().reason());

        Answer outside = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("192.168.1.5")).build(), CLIENT, false);
        assertEquals(DhcpOptions.NAK, outside.reply().type());
        assertEquals("not in the range 10.0.0.100-10.0.0.110", outside.event().reason());
    }

    @Test
    void anExhaustedRangeIsReportedAndReleaseAndDeclineAreRecorded() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.101");
        Answer first = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).requested(ip("10.0.0.100")).build(), CLIENT, false);
        assertEquals(DhcpOptions.ACK, first.reply().type(), "INIT-REBOOT for a free address is acknowledged");
        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, OTHER).requested(ip("10.0.0.101")).build(), CLIENT, false);

        Answer none = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, "52:54:00:00:00:03").build(), CLIENT, false);
        assertNull(none.reply());
        assertEquals(new DhcpEvent("52:54:00:00:00:03", DhcpOptions.DISCOVER, Outcome.REFUSED, 0, null, "",
                "no free address in the range 10.0.0.100-10.0.0.101"), none.event());

        Answer release = responder.answer(DhcpRequests.of(DhcpOptions.RELEASE, MAC).ciaddr(ip("10.0.0.100")).build(), CLIENT, false);
        assertNull(release.reply());
        assertEquals(Outcome.RECORDED, release.event().outcome());

        Answer decline = responder.answer(DhcpRequests.of(DhcpOptions.DECLINE, OTHER).requested(ip("10.0.0.101")).build(), CLIENT, false);
        assertNull(decline.reply());
        assertEquals(Outcome.RECORDED, decline.event().outcome());
        Answer again = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, OTHER).build(), CLIENT, false);
        assertEquals(ip("10.0.0.100"), again.reply().yiaddr(), "the declined address is set aside; the released one is "
                + "reclaimed, as nothing else is free");
    }

    @Test
    void proxyModeAnswersOnlyPxeClientsAndNeverGivesAnAddress() {
        DhcpResponder responder = proxy();
        Answer plain = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build(), CLIENT, false);
        assertNull(plain.reply());
        assertEquals(Outcome.IGNORED, plain.event().outcome());
        assertEquals("not a PXE client: left to the DHCP server", plain.event().reason());

        Answer offer = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).pxe(PxeClient.ARCH_BIOS).build(), CLIENT, false);
        assertEquals(DhcpOptions.OFFER, offer.reply().type());
        assertTrue(offer.reply().yiaddr().isAnyLocalAddress());
        assertEquals("undionly.kpxe", offer.reply().file());
        assertEquals(BROADCAST_68, offer.to());

        Answer onPort67 = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).pxe(PxeClient.ARCH_BIOS).build(), CLIENT, false);
        assertNull(onPort67.reply(), "the REQUEST on port 67 is the DHCP server's");

        InetSocketAddress from = new InetSocketAddress(ip("10.0.0.77"), 68);
        Answer ack = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).pxe(PxeClient.ARCH_BIOS).ciaddr(ip("10.0.0.77"))
                .build(), from, true);
        assertEquals(DhcpOptions.ACK, ack.reply().type());
        assertEquals(from, ack.to(), "back where it came from");
        assertEquals(Via.PXE_PORT, ack.via());

        Answer ipxe = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).ipxe().build(), CLIENT, false);
        assertEquals("http://10.0.0.1:8080/boot/52:54:00:12:34:56.ipxe", ipxe.reply().text(DhcpOptions.BOOTFILE_NAME),
                "iPXE, even without a PXE vendor class, gets its script");

        Answer unknown = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).pxe(2).build(), CLIENT, false);
        assertEquals(Outcome.REFUSED, unknown.event().outcome());
        assertEquals("no boot file for client architecture 2", unknown.event().reason());
    }

    @Test
    void proxyModeRemembersTheAddressEachPxeClientBootsWithAndNoOtherClients() {
        DhcpResponder responder = proxy();
        assertNull(responder.pxeAddress(MAC), "nothing heard yet");
        // iPXE takes its address from the network's DHCP server: its REQUEST, broadcast, names it (option 50)
        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).ipxe().requested(ip("10.0.0.77")).server(ip("10.0.0.254"))
                .build(), new InetSocketAddress(ip("0.0.0.0"), 68), false);
        assertEquals(ip("10.0.0.77"), responder.pxeAddress(MAC));
        // a PXE ROM that asks the proxy on port 4011 does so from its address
        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).pxe(PxeClient.ARCH_BIOS).ciaddr(ip("10.0.0.78")).build(),
                new InetSocketAddress(ip("10.0.0.78"), 68), true);
        assertEquals(ip("10.0.0.78"), responder.pxeAddress(MAC));
        // an installer or any other DHCP client is not a PXE boot: it names no machine's boot address
        responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, OTHER).requested(ip("10.0.0.79")).build(),
                new InetSocketAddress(ip("0.0.0.0"), 68), false);
        assertNull(responder.pxeAddress(OTHER));
    }

    @Test
    void fullModeTellsIpxeNotToWaitForProxyDhcpAndNobodyElse() throws Exception {
        DhcpResponder responder = full("10.0.0.100", "10.0.0.110");
        byte[] noProxyDhcp = {(byte) 176, 1, 1};
        for (DhcpRequests ipxe : List.of(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).pxe(PxeClient.ARCH_BIOS).ipxe().ipxeFeatures(),
                DhcpRequests.of(DhcpOptions.DISCOVER, MAC).ipxeFeatures())) {
            Answer offer = responder.answer(ipxe.build(), CLIENT, false);
            assertEquals(DhcpOptions.OFFER, offer.reply().type());
            assertArrayEquals(noProxyDhcp, offer.reply().option(175), "iPXE (user class or option 175) requests its address at once");
            assertEquals("http://10.0.0.1:8080/boot/52:54:00:12:34:56.ipxe", offer.reply().text(DhcpOptions.BOOTFILE_NAME));
        }
        Answer ack = responder.answer(DhcpRequests.of(DhcpOptions.REQUEST, MAC).pxe(PxeClient.ARCH_BIOS).ipxe().ipxeFeatures()
                .requested(ip("10.0.0.100")).server(BASTION).build(), CLIENT, false);
        assertEquals(DhcpOptions.ACK, ack.reply().type());
        assertArrayEquals(noProxyDhcp, ack.reply().option(175), "and once it has it, does not ask a ProxyDHCP server either");

        Answer firmware = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, OTHER).pxe(PxeClient.ARCH_BIOS).build(), CLIENT, false);
        assertNull(firmware.reply().option(175), "a PXE ROM that is not iPXE");
        Answer plain = responder.answer(DhcpRequests.of(DhcpOptions.DISCOVER, OTHER).build(), CLIENT, false);
        assertNull(plain.reply().option(175), "a client not booting from the network");
        Answer proxied = proxy().answer(DhcpRequests.of(DhcpOptions.DISCOVER, MAC).ipxe().ipxeFeatures().build(), CLIENT, false);
        assertNull(proxied.reply().option(175), "in proxy mode the bastion is the ProxyDHCP server iPXE must wait for");
    }

    @Test
    void fullModeSettingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> DhcpSettings.full(new InetSocketAddress(67), BOOT, ip("10.0.1.100"),
                ip("10.0.1.110"), NETWORK, dir), "outside the bastion's subnet");
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class, () -> DhcpSettings.full(new InetSocketAddress(67),
                BOOT, ip("10.0.0.1"), ip("10.0.0.10"), NETWORK, dir));
        assertEquals("the DHCP range 10.0.0.1-10.0.0.10 holds the bastion's own address 10.0.0.1", own.getMessage());
    }
}
