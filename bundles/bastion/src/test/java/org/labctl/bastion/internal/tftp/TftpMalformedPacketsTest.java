package org.labctl.bastion.internal.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.bastion.internal.tftp.TestClient.Packet;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;

/**
 * Thousands of malformed datagrams, from a seeded random, neither stop the server nor leave a
 * transfer, socket or file open, and a normal download works after them.
 */
class TftpMalformedPacketsTest {

    private static final long SEED = 20240707L;
    private static final int DATAGRAMS = 4000;
    private static final List<String> OPCODE_NAMES = List.of("medium.bin", "nothing", "../x", "/etc/passwd", "");

    @TempDir
    Path root;
    private TftpFixture tftp;
    private byte[] medium;

    @BeforeEach
    void start() throws IOException {
        medium = Files.readAllBytes(TftpFixture.randomFile(root.resolve("medium.bin"), 200_001, 7));
        tftp = new TftpFixture(root, TftpSettings.defaults().withTimeout(Duration.ofMillis(100)).withRetries(2));
    }

    @AfterEach
    void stop() {
        tftp.close();
    }

    @Test
    void randomAndTruncatedDatagramsToTheServerPortAreSurvived() throws IOException {
        try (TestClient warmUp = new TestClient(tftp.port())) {
            assertArrayEquals(medium, warmUp.get("medium.bin", Map.of()));
        }
        TftpFixture.await("the warm-up transfer to end", Duration.ofSeconds(5), () -> tftp.server.activeTransfers() == 0);
        long openBefore = tftp.openSocketsAndFiles();

        Random random = new Random(SEED);
        try (TestClient fuzzer = new TestClient(tftp.port())) {
            for (int i = 0; i < DATAGRAMS; i++) {
                fuzzer.sendToServer(malformed(random));
                if (i % 200 == 0) {
                    drain(fuzzer, random);
                }
            }
            drain(fuzzer, random);
        }

        TftpFixture.await("every transfer the fuzzing started to time out", Duration.ofSeconds(20),
                () -> tftp.server.activeTransfers() == 0);
        TftpFixture.await("the sockets and files to be closed", Duration.ofSeconds(10),
                () -> tftp.openSocketsAndFiles() == openBefore);
        assertTrue(tftp.server.isRunning(), "the server thread is alive");
        Map<Outcome, Long> outcomes = tftp.events.stream().collect(Collectors.groupingBy(TftpEvent::outcome, Collectors.counting()));
        assertTrue(outcomes.getOrDefault(Outcome.REFUSED, 0L) > 100, "requests refused: " + outcomes);
        // the fuzzer ended half the transfers it started with an error packet; the others timed out,
        // or failed on the ICMP "port unreachable" their retransmission met once it had closed its socket
        assertTrue(outcomes.getOrDefault(Outcome.FAILED, 0L) + outcomes.getOrDefault(Outcome.TIMED_OUT, 0L) > 20,
                "transfers the fuzzing started: " + outcomes);
        try (TestClient client = new TestClient(tftp.port())) {
            assertArrayEquals(medium, client.get("medium.bin", Map.of("blksize", "1468", "windowsize", "8")));
        }
    }

    @Test
    void garbageOnATransferPortIsIgnoredAndTheTransferGoesOn() throws IOException {
        Random random = new Random(SEED + 1);
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, "medium.bin", "octet", Map.of()));
            Packet first = client.receive();
            assertEquals(1, first.block());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            received.writeBytes(first.payload());
            for (int i = 0; i < 500; i++) {
                byte[] garbage = new byte[random.nextInt(40)];
                random.nextBytes(garbage);
                if (garbage.length >= 2 && garbage[1] == TftpPackets.ERROR && garbage[0] == 0) {
                    garbage[1] = TftpPackets.DATA; // an error packet would end the transfer, as it should
                }
                if (garbage.length >= 2 && garbage[1] == TftpPackets.ACK && garbage[0] == 0) {
                    garbage[1] = TftpPackets.OACK; // an ACK of a block not sent yet is read as an old one, covered elsewhere
                }
                client.send(garbage, first.from());
            }
            client.send(TestClient.ack(1), first.from());
            int expected = 2;
            while (true) {
                Packet data = client.receive();
                assertNotNull(data, "block " + expected + " never came");
                if (data.block() != expected) {
                    client.send(TestClient.ack(expected - 1), first.from()); // the ACK was lost in the garbage
                    continue;
                }
                received.writeBytes(data.payload());
                client.send(TestClient.ack(expected), first.from());
                if (data.payload().length < 512) {
                    break;
                }
                expected++;
            }
            assertArrayEquals(medium, received.toByteArray());
        }
        TftpFixture.await("the transfer to end", Duration.ofSeconds(5), () -> tftp.server.activeTransfers() == 0);
        assertTrue(tftp.server.isRunning());
    }

    /** Random bytes, cut requests, wrong opcodes, missing NULs, huge and odd option values. */
    private static byte[] malformed(Random random) {
        String name = OPCODE_NAMES.get(random.nextInt(OPCODE_NAMES.size()));
        switch (random.nextInt(7)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(1400)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 -> {
                byte[] request = TestClient.request(TftpPackets.RRQ, name, "octet", Map.of("blksize", "1468", "tsize", "0"));
                return Arrays.copyOf(request, random.nextInt(request.length + 1));
            }
            case 2 -> {
                byte[] bytes = new byte[2 + random.nextInt(60)];
                random.nextBytes(bytes);
                int opcode = new int[] {0, 3, 4, 5, 6, 7, 255, 65535}[random.nextInt(8)];
                bytes[0] = (byte) (opcode >> 8);
                bytes[1] = (byte) opcode;
                return bytes;
            }
            case 3 -> {
                byte[] bytes = new byte[2 + random.nextInt(600)];
                random.nextBytes(bytes);
                for (int i = 2; i < bytes.length; i++) {
                    bytes[i] = bytes[i] == 0 ? 1 : bytes[i]; // no NUL anywhere
                }
                bytes[0] = 0;
                bytes[1] = (byte) (1 + random.nextInt(2));
                return bytes;
            }
            case 4 -> {
                Map<String, String> options = new LinkedHashMap<>();
                options.put("blksize", random.nextBoolean() ? "9".repeat(1 + random.nextInt(5000)) : "-" + random.nextInt());
                options.put("windowsize", Integer.toString(random.nextInt()));
                options.put("timeout", random.nextBoolean() ? "0" : "99999999999999999999");
                options.put("tsize", "x".repeat(random.nextInt(3000)));
                return TestClient.request(TftpPackets.RRQ, name, random.nextBoolean() ? "octet" : "bogus", options);
            }
            case 5 -> {
                Map<String, String> options = new LinkedHashMap<>();
                for (int i = 0; i < 500; i++) {
                    options.put("opt" + i, Integer.toString(i));
                }
                return TestClient.request(random.nextBoolean() ? TftpPackets.RRQ : TftpPackets.WRQ, name, "netascii", options);
            }
            default -> {
                byte[] bytes = new byte[random.nextInt(4)];
                random.nextBytes(bytes);
                return bytes;
            }
        }
    }

    /** Reads the error packets the fuzzing got back, and sends an error to each transfer it started. */
    private static void drain(TestClient fuzzer, Random random) throws IOException {
        fuzzer.timeout(Duration.ofMillis(1));
        for (Packet packet; (packet = fuzzer.receive()) != null; ) {
            if (packet.opcode() == TftpPackets.DATA && packet.from() != null && packet.block() == 1 && random.nextBoolean()) {
                fuzzer.send(TestClient.error(0, "fuzzing"), packet.from()); // half end at once, half time out
            }
        }
        fuzzer.timeout(Duration.ofSeconds(5));
    }
}
