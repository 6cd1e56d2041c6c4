package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {

    private static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    private static final byte[] UUID = new byte[17];
    private static final Inet4Address BASTION = address("192.168.50.1");
    private static final PxeBoot BOOT = new PxeBoot(BASTION, 8080);

    private static Inet4Address address(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DISCOVER as a PXE ROM sends it: vendor class PXEClient:Arch:…, option 93, option 97. */
    private static DhcpMessage discover(int architecture, String userClass) {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.DISCOVER});
        options.put(DhcpOptions.PARAMETER_REQUEST_LIST, new byte[] {1, 3, 6, 43, 60, 66, 67, (byte) 128});
        options.put(DhcpOptions.VENDOR_CLASS, String.format("PXEClient:Arch:%05d:UNDI:002001", architecture).getBytes(StandardCharsets.US_ASCII));
        options.put(DhcpOptions.CLIENT_ARCHITECTURE, new byte[] {(byte) (architecture >> 8), (byte) architecture});
        options.put(DhcpOptions.CLIENT_MACHINE_ID, UUID);
        if (userClass != null) {
            options.put(DhcpOptions.USER_CLASS, userClass.getBytes(StandardCharsets.US_ASCII));
        }
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 0x1234abcd, 4, 0x8000, null, null, null, null, MAC, "", "", options);
    }

    private static DhcpMessage roundTrip(DhcpMessage message) throws DhcpFormatException {
        byte[] wire = message.encode();
        assertTrue(wire.length >= 300, "padded to BOOTP's 300 bytes: " + wire.length);
        return DhcpMessage.parse(ByteBuffer.wrap(wire));
    }

    @Test
    void aBiosPxeRomGetsTheIpxeBinaryOverTftpFromTheProxy() throws Exception {
        DhcpMessage request = roundTrip(discover(PxeClient.ARCH_BIOS, null));
        assertEquals("52:54:00:12:34:56", request.mac());
        PxeClient client = PxeClient.of(request);
        assertTrue(client.pxe());
        assertFalse(client.ipxe());
        assertEquals(PxeClient.Firmware.BIOS, client.firmware());
        PxeBoot.Plan plan = BOOT.plan(client);
        assertEquals(new PxeBoot.Plan("undionly.kpxe", false), plan);

        DhcpMessage offer = roundTrip(DhcpReplies.proxy(request, BOOT, plan));
        assertEquals(DhcpMessage.BOOTREPLY, offer.op());
        assertEquals(DhcpOptions.OFFER, offer.type());
        assertEquals(0x1234abcd, offer.xid());
        assertTrue(offer.broadcast(), "the client's broadcast flag is kept");
        assertEquals("0.0.0.0", offer.yiaddr().getHostAddress(), "a proxy gives no address");
        assertEquals(BASTION, offer.siaddr());
        assertEquals("undionly.kpxe", offer.file());
        assertEquals("undionly.kpxe", offer.text(DhcpOptions.BOOTFILE_NAME));
        assertEquals("PXEClient", offer.text(DhcpOptions.VENDOR_CLASS));
        assertEquals(BASTION, offer.address(DhcpOptions.SERVER_IDENTIFIER));
        assertArrayEquals(new byte[] {6, 1, 8, (byte) 255}, offer.option(DhcpOptions.VENDOR_SPECIFIC));
        assertArrayEquals(UUID, offer.option(DhcpOptions.CLIENT_MACHINE_ID), "PXE asks for the machine id echoed");
        assertArrayEquals(MAC, offer.chaddr());
    }

    @Test
    void eachFirmwareGetsItsOwnBinaryAndIpxeGetsItsHttpScript() throws Exception {
        assertEquals("ipxe.efi", BOOT.plan(PxeClient.of(roundTrip(discover(PxeClient.ARCH_EFI_X64, null)))).file());
        assertEquals("ipxe.efi", BOOT.plan(PxeClient.of(roundTrip(discover(PxeClient.ARCH_EFI_BC, null)))).file());
        assertEquals("ipxe-arm64.efi", BOOT.plan(PxeClient.of(roundTrip(discover(PxeClient.ARCH_EFI_ARM64, null)))).file());
        assertNull(BOOT.plan(PxeClient.of(roundTrip(discover(PxeClient.ARCH_EFI_IA32, null)))), "no 32-bit UEFI build here");

        PxeBoot.Plan ipxe = BOOT.plan(PxeClient.of(roundTrip(discover(PxeClient.ARCH_EFI_X64, "iPXE"))));
        assertEquals(new PxeBoot.Plan("http://192.168.50.1:8080/boot/52:54:00:12:34:56.ipxe", true), ipxe);
        DhcpMessage ack = roundTrip(DhcpReplies.proxy(discover(PxeClient.ARCH_EFI_X64, "iPXE"), BOOT, ipxe));
        assertEquals(ipxe.file(), ack.file());
        assertNull(ack.option(DhcpOptions.VENDOR_SPECIFIC), "iPXE needs no PXE discovery control");
        // RFC 3004 form of the user class: a length-prefixed list
        assertTrue(PxeClient.userClassIsIpxe(new byte[] {4, 'i', 'P', 'X', 'E'}));
        assertFalse(PxeClient.userClassIsIpxe("gPXE".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aClientThatIsNotBootingFromTheNetworkGetsNoBootPlan() throws Exception {
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.DISCOVER});
        options.put(DhcpOptions.VENDOR_CLASS, "android-dhcp-13".getBytes(StandardCharsets.US_ASCII));
        DhcpMessage phone = roundTrip(new DhcpMessage(DhcpMessage.BOOTREQUEST, 7, 0, 0, null, null, null, null, MAC, "", "", options));
        assertFalse(PxeClient.of(phone).pxe());
        assertNull(BOOT.plan(PxeClient.of(phone)));
    }

    @Test
    void aFullModeLeaseCarriesTheAddressTheNetworkAndTheBootFile() throws Exception {
        DhcpMessage request = discover(PxeClient.ARCH_BIOS, null);
        DhcpReplies.Network network = new DhcpReplies.Network(address("255.255.255.0"), BASTION,
                List.of(address("192.168.50.1"), address("9.9.9.9")), 3600);
        DhcpMessage offer = roundTrip(DhcpReplies.lease(request, BOOT, address("192.168.50.100"), network,
                BOOT.plan(PxeClient.of(request))));
        assertEquals(DhcpOptions.OFFER, offer.type());
        assertEquals("192.168.50.100", offer.yiaddr().getHostAddress());
        assertEquals("255.255.255.0", offer.address(DhcpOptions.SUBNET_MASK).getHostAddress());
        assertEquals(BASTION, offer.address(DhcpOptions.ROUTER));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 50, 1, 9, 9, 9, 9}, offer.option(DhcpOptions.DNS_SERVERS));
        assertEquals(3600, ByteBuffer.wrap(offer.option(DhcpOptions.LEASE_TIME)).getInt());
        assertEquals("undionly.kpxe", offer.file());
        assertEquals(DhcpOptions.NAK, roundTrip(DhcpReplies.nak(request, BOOT)).type());
        assertThrows(IllegalArgumentException.class, () -> new DhcpReplies.Network(address("255.0.0.0"), null, List.of(), 5));
    }

    @Test
    void longOptionsAreSplitAndJoinedAndOverloadedFieldsAreRead() throws Exception {
        byte[] longValue = new byte[600];
        new Random(1).nextBytes(longValue);
        Map<Integer, byte[]> options = new LinkedHashMap<>();
        options.put(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.REQUEST});
        options.put(DhcpOptions.VENDOR_SPECIFIC, longValue);
        DhcpMessage parsed = roundTrip(new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, 0, null, null, null, null, MAC, "", "", options));
        assertArrayEquals(longValue, parsed.option(DhcpOptions.VENDOR_SPECIFIC), "RFC 3396: split over three options, joined again");

        // option 52 = 1: more options in the file field
        byte[] wire = new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, 0, null, null, null, null, MAC, "", "",
                Map.of(DhcpOptions.MESSAGE_TYPE, new byte[] {DhcpOptions.DISCOVER}, 52, new byte[] {1})).encode();
        byte[] inFile = {(byte) DhcpOptions.HOST_NAME, 3, 'p', 'x', 'e', (byte) 255};
        System.arraycopy(inFile, 0, wire, 108, inFile.length);
        DhcpMessage overloaded = DhcpMessage.parse(ByteBuffer.wrap(wire));
        assertEquals("pxe", overloaded.text(DhcpOptions.HOST_NAME));
        assertEquals("", overloaded.file());
    }

    @Test
    void malformedPacketsAreRefusedWithAReasonAndNeverWithAnotherException() throws Exception {
        byte[] valid = discover(PxeClient.ARCH_EFI_X64, "iPXE").encode();
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(valid, length);
            try {
                DhcpMessage.parse(ByteBuffer.wrap(truncated));
            } catch (DhcpFormatException expected) {
                assertFalse(expected.getMessage().isBlank());
            }
        }
        Random random = new Random(42);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] packet = i % 2 == 0 ? new byte[random.nextInt(700)] : valid.clone();
            if (i % 2 == 0) {
                random.nextBytes(packet);
            } else {
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                DhcpMessage parsed = DhcpMessage.parse(ByteBuffer.wrap(packet));
                PxeClient.of(parsed); // reading what the server reads must not throw either
                parsed.type();
            } catch (DhcpFormatException expected) {
                refused++;
            }
        }
        assertTrue(refused > 9_000, "random datagrams are refused: " + refused);
        DhcpFormatException cookie = assertThrows(DhcpFormatException.class, () -> {
            byte[] bootp = valid.clone();
            bootp[236] = 0;
            DhcpMessage.parse(ByteBuffer.wrap(bootp));
        });
        assertTrue(cookie.getMessage().contains("magic cookie"), cookie.getMessage());
        byte[] overflow = valid.clone();
        overflow[241] = (byte) 250; // the first option claims more bytes than the packet has
        assertThrows(DhcpFormatException.class, () -> DhcpMessage.parse(ByteBuffer.wrap(java.util.Arrays.copyOf(overflow, 250))));
    }
}
