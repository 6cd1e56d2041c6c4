package org.labctl.bastion.internal.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.labctl.bastion.internal.tftp.TestClient.Packet;
import org.labctl.bastion.internal.tftp.TftpEvent.Outcome;

/** The server serves its root and nothing else: no {@code ..}, no absolute path, no link out. */
class TftpConfinementTest {

    private static final String SECRET = "TOP-SECRET-outside-the-root";

    @TempDir
    static Path base;
    private static Path root;
    private static Path outside;
    private static TftpFixture tftp;

    @BeforeAll
    static void start() throws IOException {
        root = Files.createDirectories(base.resolve("tftproot"));
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret"), SECRET);
        Files.writeString(base.resolve("x"), SECRET);
        Files.writeString(base.resolve("tftproot2"), SECRET); // a sibling whose name starts like the root's
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/inside.txt"), "inside");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("link-out"), outside.resolve("secret"));
        Files.createSymbolicLink(root.resolve("dir-out"), outside);
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("a/b/inside.txt"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../x"));
        tftp = new TftpFixture(root, TftpSettings.defaults());
    }

    @AfterAll
    static void stop() {
        tftp.close();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"../x", "a/../../x", "a/b/../../../outside/secret", "..\\x", "a\\..\\..\\x", "/../x", "./../x", "..",
            "../tftproot2"})
    void dotDotIsAnAccessViolation(String name) throws IOException {
        assertRefused(name, TftpPackets.ACCESS_VIOLATION);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"link-out", "dir-out/secret", "a/up"})
    void linksLeadingOutAreAnAccessViolation(String name) throws IOException {
        assertRefused(name, TftpPackets.ACCESS_VIOLATION);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"/etc/passwd", "//etc/passwd", "etc/passwd", "/", "", "a", "a/b", "nothing-here"})
    void absolutePathsAreReadInsideTheRootAndDirectoriesAreNotFiles(String name) throws IOException {
        assertRefused(name, TftpPackets.FILE_NOT_FOUND);
    }

    @Test
    void aLeadingSlashAndLinksInsideTheRootAreServed() throws IOException {
        try (TestClient client = new TestClient(tftp.port())) {
            byte[] inside = "inside".getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(inside, client.get("/a/b/inside.txt", Map.of()));
            assertArrayEquals(inside, client.get("a\\b\\inside.txt", Map.of()));
            assertArrayEquals(inside, client.get("./a//b/./inside.txt", Map.of()));
            assertArrayEquals(inside, client.get("link-in", Map.of()));
        }
    }

    private static void assertRefused(String name, int code) throws IOException {
        tftp.events.clear();
        try (TestClient client = new TestClient(tftp.port())) {
            client.sendToServer(TestClient.request(TftpPackets.RRQ, name, "octet", Map.of("tsize", "0")));
            Packet answer = client.receive();
            assertEquals(TftpPackets.ERROR, answer.opcode(), "the answer to " + name);
            assertEquals(code, answer.block(), answer.errorMessage());
            String text = new String(answer.payload(), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains(SECRET), text);
            assertFalse(text.contains(base.toString()), "the error names no path: " + text);
            assertFalse(text.contains("/"), "the error names no path: " + text);
        }
        TftpEvent event = tftp.awaitEvent(name);
        assertEquals(Outcome.REFUSED, event.outcome());
        assertEquals(0, event.bytes());
        assertTrue(tftp.server.activeTransfers() == 0);
    }
}
