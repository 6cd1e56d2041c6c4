package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    /** RFC 6455 §1.3's own example. */
    @Test
    void acceptValueIsTheRfcs() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketFrames.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void maskingIsItsOwnInverseAtEveryLengthAndOffset() {
        Random random = new Random(7);
        byte[] mask = {0x12, (byte) 0x9A, 0x55, (byte) 0xF0};
        for (int length = 0; length < 40; length++) {
            byte[] plain = new byte[length + 3];
            random.nextBytes(plain);
            byte[] masked = new byte[length + 5];
            WebSocketFrames.mask(plain, 3, masked, 5, length, mask);
            for (int i = 0; i < length; i++) {
                assertEquals((byte) (plain[3 + i] ^ mask[i % 4]), masked[5 + i], "byte " + i + " of " + length);
            }
            byte[] back = new byte[length];
            WebSocketFrames.mask(masked, 5, back, 0, length, mask);
            assertArrayEquals(java.util.Arrays.copyOfRange(plain, 3, 3 + length), back);
        }
    }

    /** Lengths at each of the three encodings' edges: 7 bits, 16 bits, 64 bits. */
    @Test
    void writtenFramesAreMaskedAndCarryTheirLength() throws IOException {
        for (int length : new int[] {0, 125, 126, 65535, 65536, 200_000}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WebSocketFrames.write(out, WebSocketFrames.BINARY, payload, 0, length, new Random(1));
            byte[] frame = out.toByteArray();
            assertEquals(0x80 | WebSocketFrames.BINARY, frame[0] & 0xFF);
            assertTrue((frame[1] & 0x80) != 0, "a client's frame is masked");
            int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
            assertEquals(header + 4 + length, frame.length);
            byte[] mask = java.util.Arrays.copyOfRange(frame, header, header + 4);
            byte[] unmasked = new byte[length];
            WebSocketFrames.mask(frame, header + 4, unmasked, 0, length, mask);
            assertArrayEquals(payload, unmasked);
        }
    }

    @Test
    void readsAServersFramesOfEachLengthEncoding() throws IOException {
        for (int length : new int[] {0, 125, 126, 65535, 65536, 200_000}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            ByteArrayOutputStream server = new ByteArrayOutputStream();
            server.write(length == 0 ? 0x01 : 0x82); // a non-final text frame, or a final binary one
            if (length < 126) {
                server.write(length);
            } else if (length <= 0xFFFF) {
                server.write(126);
                server.write(length >>> 8);
                server.write(length);
            } else {
                server.write(127);
                for (int i = 7; i >= 0; i--) {
                    server.write((int) ((long) length >>> (8 * i)));
                }
            }
            server.write(payload);
            WebSocketFrames.Frame frame = WebSocketFrames.read(in(server.toByteArray()), 1 << 20);
            assertEquals(length != 0, frame.fin());
            assertEquals(length == 0 ? WebSocketFrames.TEXT : WebSocketFrames.BINARY, frame.opcode());
            assertArrayEquals(payload, frame.payload());
        }
    }

    @Test
    void refusesWhatAServerMustNotSend() {
        IOException masked = assertThrows(IOException.class,
                () -> WebSocketFrames.read(in(new byte[] {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 5}), 100));
        assertTrue(masked.getMessage().contains("masked"), masked.getMessage());
        IOException large = assertThrows(IOException.class,
                () -> WebSocketFrames.read(in(new byte[] {(byte) 0x82, 126, 0x10, 0x00}), 100));
        assertEquals("labd sent a WebSocket frame of 4096 bytes, more than the 100 labctl accepts", large.getMessage());
        IOException reserved = assertThrows(IOException.class,
                () -> WebSocketFrames.read(in(new byte[] {(byte) 0xC2, 0}), 100));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertThrows(EOFException.class, () -> WebSocketFrames.read(in(new byte[0]), 100));
        assertThrows(EOFException.class, () -> WebSocketFrames.read(in(new byte[] {(byte) 0x82, 5, 1, 2}), 100));
    }

    /** A message in two parts with a ping between them, then a close: what a reader gets. */
    @Test
    void readsWholeMessagesAnsweringPingsOnTheWay() throws IOException {
        byte[] stream = {
            0x02, 3, 'a', 'b', 'c',                     // binary, not final
            (byte) 0x89, 2, 'h', 'i',                   // ping
            (byte) 0x80, 2, 'd', 'e',                   // final continuation
            (byte) 0x81, 2, 'o', 'k',                   // a whole text message
            (byte) 0x88, 4, 0x03, (byte) 0xE8, 'b', 'y' // close 1000 "by"
        };
        DataInputStream in = in(stream);
        java.util.List<String> pings = new java.util.ArrayList<>();
        WebSocketFrames.Message first = WebSocketFrames.readMessage(in, 100, ping -> pings.add(new String(ping)));
        assertEquals(WebSocketFrames.BINARY, first.type());
        assertEquals("abcde", new String(first.payload()));
        assertEquals(java.util.List.of("hi"), pings);
        WebSocketFrames.Message text = WebSocketFrames.readMessage(in, 100, ping -> pings.add("again"));
        assertEquals(WebSocketFrames.TEXT, text.type());
        assertEquals("ok", new String(text.payload()));
        WebSocketFrames.Message close = WebSocketFrames.readMessage(in, 100, ping -> pings.add("again"));
        assertEquals(WebSocketFrames.CLOSE, close.type());
        assertEquals(1000, close.closeCode());
        assertEquals("by", close.closeReason());
        assertEquals(1, pings.size());
        IOException nested = assertThrows(IOException.class,
                () -> WebSocketFrames.readMessage(in(new byte[] {0x02, 1, 'a', 0x02, 1, 'b'}), 100, ping -> { }));
        assertEquals("labd started a WebSocket message within another", nested.getMessage());
        IOException tooLong = assertThrows(IOException.class,
                () -> WebSocketFrames.readMessage(in(new byte[] {0x02, 3, 'a', 'b', 'c', (byte) 0x80, 3, 'd', 'e', 'f'}), 5, ping -> { }));
        assertEquals("labd sent a WebSocket message of more than 5 bytes", tooLong.getMessage());
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
