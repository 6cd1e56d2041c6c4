package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.bastion.internal.dhcp.LeasePoolTest.ip;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.Await;
import org.labctl.bastion.internal.dhcp.DhcpEvent.Outcome;

/**
 * The server's sockets on the loopback address, with unicast only (a client with an address, the
 * PXE port): malformed datagrams are counted and dropped, answers reach the client, a corrupt lease
 * file stops the start. Broadcast is tested with real clients in {@link DhcpNamespaceTest}.
 */
class DhcpServerSocketTest {

    private static final Inet4Address LOOPBACK = ip("127.0.0.1");
    private static final PxeBoot BOOT = new PxeBoot(LOOPBACK, 8080);
    private static final String MAC = "52:54:00:12:34:56";

    @TempDir
    Path dir;

    private final List<DhcpEvent> events = new CopyOnWriteArrayList<>();

    private DhcpSettings full(int clientPort) {
        DhcpReplies.Network network = new DhcpReplies.Network(ip("255.0.0.0"), null, List.of(), 600);
        return DhcpSettings.full(new InetSocketAddress(LOOPBACK, 0), BOOT, ip("127.0.0.10"), ip("127.0.0.20"), network, dir)
                .withPorts(0, clientPort);
    }

    @Test
    void malformedDatagramsAreCountedAndDroppedAndTheServerGoesOnAnswering() throws Exception {
        try (DatagramSocket client = new DatagramSocket(0, ip("127.0.0.15")); // the renewing client's address
                // no conflict probe: every address of 127/8 answers ping (ConflictProbeTest and DhcpNamespaceTest test it)
                DhcpServer server = DhcpServer.start(full(client.getLocalPort()), events::add, java.time.Clock.systemUTC(), null)) {
            client.setSoTimeout(5000);
            InetSocketAddress to = server.localAddress();
            client.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to));
            byte[] noCookie = DhcpRequests.of(DhcpOptions.DISCOVER, MAC).build().encode();
            noCookie[236] = 0;
            client.send(new DatagramPacket(noCookie, noCookie.length, to));
            client.send(new DatagramPacket(new byte[2000], 2000, to));

            byte[] renewal = DhcpRequests.of(DhcpOptions.REQUEST, MAC).ciaddr(ip("127.0.0.15")).build().encode();
            client.send(new DatagramPacket(renewal, renewal.length, to));
            DhcpMessage ack = receive(client);
            assertEquals(DhcpOptions.ACK, ack.type());
            assertEquals(ip("127.0.0.15"), ack.yiaddr());

            assertEquals(3, server.malformed());
            // the server reports the reply once it has sent it: the ACK can be here first
            Await.until("the event of the renewal", Duration.ofSeconds(5), () -> events.size() >= 4);
            assertEquals(List.of(Outcome.MALFORMED, Outcome.MALFORMED, Outcome.MALFORMED, Outcome.REPLIED),
                    events.stream().map(DhcpEvent::outcome).toList());
            assertTrue(events.get(1).reason().contains("no DHCP magic cookie"), events.get(1).reason());
            assertEquals(List.of(new Lease(MAC, ip("127.0.0.15"), server.leases().get(0).expires())), server.leases());
            assertEquals(List.of(MAC + " 127.0.0.15"), new LeaseFile(dir.resolve(DhcpSettings.LEASE_FILE)).load().stream()
                    .map(lease -> lease.mac() + " " + lease.address().getHostAddress()).toList(), "the lease is on disk");
            assertTrue(server.isRunning());
            server.close();
            assertFalse(server.isRunning(), "closed");
        }
    }

    @Test
    void theProxyAcknowledgesOnThePxePortBackToTheClient() throws Exception {
        try (DatagramSocket client = new DatagramSocket(0, LOOPBACK);
                DhcpServer server = DhcpServer.start(DhcpSettings.proxy(new InetSocketAddress(LOOPBACK, 0), BOOT)
                        .withPorts(0, client.getLocalPort()), events::add)) {
            client.setSoTimeout(5000);
            byte[] request = DhcpRequests.of(DhcpOptions.REQUEST, MAC).pxe(PxeClient.ARCH_EFI_X64).ciaddr(ip("127.0.0.77")).build()
                    .encode();
            client.send(new DatagramPacket(request, request.length, server.pxeAddress()));
            DatagramPacket packet = new DatagramPacket(new byte[DhcpMessage.MAX_BYTES], DhcpMessage.MAX_BYTES);
            client.receive(packet);
            assertEquals(server.pxeAddress().getPort(), packet.getPort(), "from the PXE port");
            DhcpMessage ack = DhcpMessage.parse(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
            assertEquals(DhcpOptions.ACK, ack.type());
            assertEquals("ipxe.efi", ack.file());
        }
    }

    @Test
    void aCorruptLeaseFileStopsTheStartWithTheReason() throws Exception {
        Files.writeString(dir.resolve(DhcpSettings.LEASE_FILE), "garbage\n");
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> DhcpServer.start(full(68), events::add));
        assertTrue(e.getMessage().contains("line 1 is corrupt"), e.getMessage());
    }

    private static DhcpMessage receive(DatagramSocket client) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[DhcpMessage.MAX_BYTES], DhcpMessage.MAX_BYTES);
        client.receive(packet);
        return DhcpMessage.parse(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()));
    }
}
