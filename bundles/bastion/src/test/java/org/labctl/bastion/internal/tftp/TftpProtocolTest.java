package org.labctl.bastion.internal.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.tftp.TestClient.Packet;
import org.labctl.bastion.internal.tftp.TestClient.TftpError;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;

/** The protocol as RFC 1350, 2347, 2348, 2349 and 7440 describe it, driven by the test client. */
class TftpProtocolTest {

    /** More than 65535 blocks of 512 bytes: the block number rolls over. */
    private static final long ROLLOVER_SIZE = 65535L * 512 + 700_000;
    private static final Duration SERVER_TIMEOUT = Duration.ofMillis(300);

    @TempDir
    static Path root;
    private static TftpFixture tftp;
    private static byte[] medium;

    @BeforeAll
    static void start() throws IOException {
        medium = Files.readAllBytes(TftpFixture.randomFile(root.resolve("medium.bin"), 1_000_003, 1));
        TftpFixture.randomFile(root.resolve("rollover.bin"), ROLLOVER_SIZE, 2);
        Files.write(root.resolve("empty.bin"), new byte[0]);
        TftpFixture.randomFile(root.resolve("exact.bin"), 4 * 512, 3);
        Files.writeString(root.resolve("text.txt"), "a\nb\r\nc\r");
        Files.writeString(root.resolve("boundary.txt"), "x".repeat(511) + "\n");
        tftp = new TftpFixture(root, TftpSettings.defaults().withTimeout(SERVER_TIMEOUT).withRetries(3).withMaxTransfers(4));
    }

    @AfterAll
    static void stop() {
        tftp.close();
    }

    @BeforeEach
    void noTransferLeft() {
        TftpFixture.await("no transfer left from the test before", Duration.ofSeconds(5), () -> tftp.server.activeTransfers() == 0);
        tftp.events.clear();
    }

    @Test
    void lockStepDownloadWithoutOptionsIsTheFileAndReportedSent() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals(medium, client.get("medium.bin", Map.of()));
            TftpEvent event = tftp.awaitEvent("medium.bin");
            assertEquals(Outcome.SENT, event.outcome());
            assertEquals(medium.length, event.bytes());
            assertEquals(client.localAddress(), event.client());
        }
    }

    @Test
    void oackGrantsKnownOptionsWithinLimitsAndIgnoresTheRest() throws IOException {
        Map<String, String> asked = new LinkedHashMap<>();
        asked.put("BlkSize", "100000");
        asked.put("tsize", "0");
        asked.put("timeout", "3");
        asked.put("windowsize", "70000");
        asked.put("colour", "blue");
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", asked));
            Packet oack = client.receive();
            assertEquals(TftpPackets.OACK, oack.opcode());
            // windowsize: at most 128 KiB of blocks in flight, here 2 of 65464 bytes
            assertEquals(Map.of("blksize", "65464", "tsize", "1000003", "timeout", "3", "windowsize", "2"), oack.options());
            client.send(TestClient.error(TftpPackets.OPTION_REFUSED, "just asking the size"), oack.from());
        }
        asked.put("BlkSize", "1468");
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", asked));
            Packet oack = client.receive();
            assertEquals("64", oack.options().get("windowsize"), "the server's most, as 64 x 1468 bytes fit: " + oack.options());
            client.send(TestClient.error(TftpPackets.OPTION_REFUSED, "just asking the size"), oack.from());
        }
        TftpEvent event = tftp.awaitEvent("medium.bin");
        assertEquals(Outcome.FAILED, event.outcome());
        assertTrue(event.detail().contains("error 8: just asking the size"), event.detail());
    }

    @Test
    void optionsOutOfRangeAreLeftOutAndTheTransferStartsWithData() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet",
                    Map.of("blksize", "7", "windowsize", "0", "timeout", "256", "tsize", "x".repeat(5000))));
            Packet first = client.receive();
            assertEquals(TftpPackets.OACK, first.opcode(), "tsize is answered whatever its value");
            assertEquals(Map.of("tsize", "1000003"), first.options());
            client.send(TestClient.ack(0), first.from());
            Packet data = client.receive();
            assertEquals(TftpPackets.DATA, data.opcode());
            assertEquals(1, data.block());
            assertEquals(512, data.payload().length);
            client.send(TestClient.error(0, "enough"), first.from());
        }
    }

    @Test
    void windowedDownloadsAreTheFile() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals(medium, client.get("medium.bin", Map.of("blksize", "1468", "windowsize", "16")));
            assertArrayEquals(medium, client.get("medium.bin", Map.of("blksize", "65464", "windowsize", "4")));
            assertArrayEquals(medium, client.get("medium.bin", Map.of("blksize", "8", "windowsize", "64", "tsize", "0")));
        }
    }

    @Test
    void blockNumbersRollOverPast65535InWindowsAndInLockStep() throws IOException {
        byte[] expected = Files.readAllBytes(root.resolve("rollover.bin"));
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals(expected, client.get("rollover.bin", Map.of("windowsize", "8")));
            assertArrayEquals(expected, client.get("rollover.bin", Map.of()));
        }
    }

    @Test
    void emptyFileAndWholeBlocksEndWithAnEmptyBlock() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals(new byte[0], client.get("empty.bin", Map.of()));
            assertArrayEquals(Files.readAllBytes(root.resolve("exact.bin")), client.get("exact.bin", Map.of()));
            assertArrayEquals(Files.readAllBytes(root.resolve("exact.bin")), client.get("exact.bin", Map.of("windowsize", "4")));
        }
    }

    @Test
    void duplicateAcksAreNotAnswered() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", Map.of()));
            Packet first = client.receive();
            assertEquals(1, first.block());
            for (int i = 0; i < 3; i++) {
                client.send(TestClient.ack(1), first.from());
            }
            assertEquals(2, client.receive().block());
            client.timeout(SERVER_TIMEOUT.dividedBy(2));
            assertNull(client.receive(), "three ACKs of block 1 were answered with one DATA 2, not more");
            client.send(TestClient.error(0, "enough"), first.from());
        }
    }

    @Test
    void anUnacknowledgedBlockIsSentAgainThenTheTransferTimesOut() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", Map.of()));
            Packet first = client.receive();
            Packet again = client.receive();
            assertEquals(1, again.block());
            assertEquals(first.from(), again.from());
            assertArrayEquals(first.payload(), again.payload());
            TftpEvent event = tftp.awaitEvent("medium.bin");
            assertEquals(Outcome.TIMED_OUT, event.outcome());
            assertEquals("no acknowledgement after 4 tries", event.detail());
            assertEquals(0, tftp.server.activeTransfers());
        }
    }

    @Test
    void writeRequestsAreRefusedAsAccessViolations() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.WRQ, "upload.bin", "octet", Map.of()));
            Packet error = client.receive();
            assertEquals(TftpPackets.ERROR, error.opcode());
            assertEquals(TftpPackets.ACCESS_VIOLATION, error.block());
            assertEquals("access violation: this TFTP server is read-only", error.errorMessage());
        }
        assertEquals(Outcome.REFUSED, tftp.awaitEvent("upload.bin").outcome());
        assertFalse(Files.exists(root.resolve("upload.bin")));
    }

    @Test
    void otherModesThanOctetAndNetasciiAreRefused() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            TftpError error = assertThrows(TftpError.class, () -> client.get("medium.bin", "mail", Map.of()));
            assertEquals(TftpPackets.ILLEGAL_OPERATION, error.code);
        }
    }

    @Test
    void netasciiSendsLineEndsAsCrLfAndCrAsCrNul() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals("a\r\nb\r\0\r\nc\r\0".getBytes(StandardCharsets.US_ASCII), client.get("text.txt", "netascii", Map.of()));
            byte[] boundary = client.get("boundary.txt", "NetAscii", Map.of("tsize", "0", "windowsize", "8"));
            assertEquals("x".repeat(511) + "\r\n", new String(boundary, StandardCharsets.US_ASCII), "a CR LF cut by the block's end");
        }
    }

    @Test
    void requestsBeyondTheCapAreRefusedAsBusy() throws IOException {
        int cap = tftp.server.activeTransfers() + 4;
        try (TestClient stalled = new TestClient(tftp.port()); TestClient late = new TestClient(tftp.port())) {
            for (int i = 0; i < cap; i++) {
                stalled.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", Map.of()));
            }
            TftpFixture.await("4 transfers", Duration.ofSeconds(5), () -> tftp.server.activeTransfers() == 4);
            TftpError error = assertThrows(TftpError.class, () -> late.get("medium.bin", Map.of()));
            assertEquals(TftpPackets.NOT_DEFINED, error.code);
            assertTrue(error.getMessage().contains("too many transfers"), error.getMessage());
            TftpFixture.await("the stalled transfers to time out", Duration.ofSeconds(10), () -> tftp.server.activeTransfers() == 0);
        }
    }

    @Test
    void closingTheServerEndsItsTransfersWithAnError() throws IOException {
        try (TftpFixture own = new TftpFixture(root, TftpSettings.defaults()); TestClient client = new TestClient(own.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", Map.of()));
            Packet first = client.receive();
            assertEquals(TftpPackets.DATA, first.opcode());
            own.server.close();
            Packet error = client.receive();
            assertNotNull(error);
            assertEquals(TftpPackets.ERROR, error.opcode());
            assertFalse(own.server.isRunning());
            assertEquals(0, own.server.activeTransfers());
            assertEquals(Outcome.FAILED, own.awaitEvent("medium.bin").outcome());
        }
    }
}
