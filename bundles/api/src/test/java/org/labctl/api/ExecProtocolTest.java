package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecProtocolTest {

    private static final UUID SESSION = UUID.fromString("01234567-89ab-cdef-fedc-ba9876543210");

    @ParameterizedTest
    @ValueSource(ints = {ExecProtocol.STDIN, ExecProtocol.STDOUT, ExecProtocol.STDERR})
    void aDataFrameRoundTrips(int channel) {
        byte[] payload = "hello\n".getBytes(StandardCharsets.UTF_8);
        ExecData data = ExecProtocol.decode(ExecProtocol.encode(channel, SESSION, payload));
        assertEquals(channel, data.channel());
        assertEquals(SESSION, data.session());
        assertEquals("hello\n", data.text());
    }

    @Test
    void theLayoutIsChannelThenTheSessionBigEndianThenThePayload() {
        ByteBuffer frame = ExecProtocol.encode(ExecProtocol.STDERR, SESSION, new byte[] {42});
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        assertArrayEquals(new byte[] {2, 0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef,
                (byte) 0xfe, (byte) 0xdc, (byte) 0xba, (byte) 0x98, 0x76, 0x54, 0x32, 0x10, 42}, bytes);
    }

    @Test
    void emptyAndLargestPayloadsRoundTrip() {
        assertEquals(0, ExecProtocol.decode(ExecProtocol.encode(ExecProtocol.STDIN, SESSION, new byte[0])).payload().remaining());
        byte[] largest = new byte[ExecProtocol.MAX_PAYLOAD];
        largest[largest.length - 1] = 7;
        ExecData data = ExecProtocol.decode(ExecProtocol.encode(ExecProtocol.STDOUT, SESSION, largest));
        assertArrayEquals(largest, data.bytes());
    }

    @Test
    void encodingDoesNotMoveThePayloadAndDecodingDoesNotMoveTheFrame() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        payload.position(1);
        ByteBuffer frame = ExecProtocol.encode(ExecProtocol.STDOUT, SESSION, payload);
        assertEquals(1, payload.position());
        assertEquals(ExecProtocol.HEADER_BYTES + 3, frame.remaining());
        ExecData data = ExecProtocol.decode(frame);
        assertEquals(0, frame.position());
        assertArrayEquals(new byte[] {2, 3, 4}, data.bytes());
        assertEquals(frame, data.encode());
    }

    @Test
    void aDecodedPayloadIsReadOnly() {
        ExecData data = ExecProtocol.decode(ExecProtocol.encode(ExecProtocol.STDOUT, SESSION, new byte[] {1}));
        assertThrows(ReadOnlyBufferException.class, () -> data.payload().put(0, (byte) 9));
    }

    @Test
    void garbageIsRejected() {
        IllegalArgumentException shortFrame = assertThrows(IllegalArgumentException.class,
                () -> ExecProtocol.decode(ByteBuffer.wrap(new byte[16])));
        assertTrue(shortFrame.getMessage().contains("shorter than its 17-byte header"), shortFrame.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.decode(ByteBuffer.allocate(0)));

        ByteBuffer badChannel = ExecProtocol.encode(ExecProtocol.STDOUT, SESSION, new byte[] {1});
        badChannel.put(0, (byte) 3);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ExecProtocol.decode(badChannel));
        assertTrue(unknown.getMessage().contains("unknown exec channel 3"), unknown.getMessage());
        badChannel.put(0, (byte) 0xff);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ExecProtocol.decode(badChannel)).getMessage()
                .contains("channel 255"));

        ByteBuffer tooLong = ByteBuffer.allocate(ExecProtocol.HEADER_BYTES + ExecProtocol.MAX_PAYLOAD + 1);
        tooLong.put(0, (byte) 1);
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.decode(tooLong));
    }

    @Test
    void encodingRefusesWhatCannotBeDecoded() {
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.encode(3, SESSION, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.encode(-1, SESSION, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.encode(1, null, new byte[1]));
        assertThrows(IllegalArgumentException.class,
                () -> ExecProtocol.encode(1, SESSION, new byte[ExecProtocol.MAX_PAYLOAD + 1]));
    }

    @Test
    void signalsParseByNameAndMapFromExitCodes() {
        assertEquals(ExecProtocol.Signal.INT, ExecProtocol.Signal.parse("INT"));
        assertEquals(ExecProtocol.Signal.INT, ExecProtocol.Signal.parse("sigint"));
        assertEquals(ExecProtocol.Signal.TSTP, ExecProtocol.Signal.parse(" TSTP "));
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.Signal.parse("USR1"));
        assertThrows(IllegalArgumentException.class, () -> ExecProtocol.Signal.parse(null));
        assertEquals(ExecProtocol.Signal.INT, ExecProtocol.Signal.ofExitCode(130));
        assertEquals(ExecProtocol.Signal.KILL, ExecProtocol.Signal.ofExitCode(137));
        assertEquals(ExecProtocol.Signal.TERM, ExecProtocol.Signal.ofExitCode(143));
        assertNull(ExecProtocol.Signal.ofExitCode(3));
        assertNull(ExecProtocol.Signal.ofExitCode(128 + 10));
    }

    @Test
    void controlFramesCarryOnlyTheirFields() {
        ExecFrame window = ExecFrame.window(SESSION, ExecProtocol.STDOUT, 4096);
        assertEquals(ExecProtocol.WINDOW, window.type());
        assertEquals(1, window.channel());
        assertEquals(4096L, window.bytes());
        assertNull(window.payload());
        assertNull(window.kind());
        ExecFrame start = ExecFrame.start(SESSION, ExecStart.KIND, null);
        assertEquals(java.util.Map.of(), start.payload());
        assertNull(start.status());
        ExecStart command = ExecStart.of(java.util.List.of("true"), null, 0);
        assertEquals(java.util.Map.of(), command.environment());
        assertEquals(false, command.ttyRequested());
        assertEquals(0, command.timeout());
        ExecFrame refused = ExecFrame.error(SESSION, Failure.NOT_FOUND, "server/x not found");
        assertEquals(404, refused.status());
        assertEquals("not_found", refused.error());
        assertEquals(Failure.NOT_FOUND, refused.failure());
        assertNull(ExecFrame.error(SESSION, "cannot run").failure());
        assertEquals("INT", ExecFrame.signal(SESSION, ExecProtocol.Signal.INT).name());
        assertEquals("stderr", ExecProtocol.channelName(ExecProtocol.STDERR));
    }
}
