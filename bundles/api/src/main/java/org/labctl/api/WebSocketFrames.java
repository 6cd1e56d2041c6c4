package org.labctl.api;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The client's side of WebSocket framing (RFC 6455 §5) on blocking streams, for labctl's exec stream
 * and the agent's socket ({@link Http1Connection}): a client's frames are masked (§5.3), labd's must
 * not be, and neither side uses extensions. Masking works on eight bytes at a time.
 */
public final class WebSocketFrames {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The GUID RFC 6455 §1.3 appends to the key to compute the accept value. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** One frame from labd. */
    public record Frame(boolean fin, int opcode, byte[] payload) {

        public boolean control() {
            return (opcode & 0x8) != 0;
        }
    }

    /** A whole message from labd: {@link #TEXT} or {@link #BINARY} with its bytes, or {@link #CLOSE} with its payload. */
    public record Message(int type, byte[] payload) {

        /** A close's status code (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** A close's reason, empty when it gives none. */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    private WebSocketFrames() {
    }

    /**
     * Reads frames up to the end of the next data message, or a close, joining a message sent in
     * parts; pings in between go to {@code onPing} (to be answered with a pong), pongs are dropped.
     *
     * @param maxMessage a longer message (or frame) is refused
     */
    public static Message readMessage(DataInputStream in, int maxMessage, Consumer<byte[]> onPing) throws IOException {
        ByteArrayOutputStream parts = null;
        int type = -1;
        while (true) {
            Frame frame = read(in, maxMessage);
            byte[] payload = frame.payload();
            if (frame.control()) {
                if (!frame.fin() || payload.length > 125) {
                    throw new IOException("labd sent a fragmented or oversized WebSocket control frame");
                }
                switch (frame.opcode()) {
                    case PING -> onPing.accept(payload);
                    case PONG -> {
                        // the answer to a ping: the connection is alive
                    }
                    case CLOSE -> {
                        return new Message(CLOSE, payload);
                    }
                    default -> throw new IOException("labd sent a WebSocket control frame of unknown type " + frame.opcode());
                }
                continue;
            }
            if (frame.opcode() == CONTINUATION) {
                if (type == -1) {
                    throw new IOException("labd sent a WebSocket continuation without a message");
                }
            } else if (type != -1) {
                throw new IOException("labd started a WebSocket message within another");
            } else if (frame.opcode() != TEXT && frame.opcode() != BINARY) {
                throw new IOException("labd sent a WebSocket message of unknown type " + frame.opcode());
            } else {
                type = frame.opcode();
            }
            if (frame.fin() && parts == null) {
                return new Message(type, payload);
            }
            if (parts == null) {
                parts = new ByteArrayOutputStream();
            }
            if (parts.size() + payload.length > maxMessage) {
                throw new IOException("labd sent a WebSocket message of more than " + maxMessage + " bytes");
            }
            parts.write(payload);
            if (frame.fin()) {
                return new Message(type, parts.toByteArray());
            }
        }
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** A new {@code Sec-WebSocket-Key}: 16 random bytes in base64. */
    public static String key(Random random) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Writes one whole (FIN) frame, masked with a fresh key, as a single write.
     *
     * @param payload read from its position to its limit
     */
    public static void write(OutputStream out, int opcode, byte[] payload, int offset, int length, Random random) throws IOException {
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (0x80 | opcode);
        int at;
        if (length < 126) {
            frame[1] = (byte) (0x80 | length);
            at = 2;
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            at = 4;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
            at = 10;
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        mask(payload, offset, frame, at + 4, length, mask);
        out.write(frame);
    }

    /**
     * Reads the next frame.
     *
     * @param maxPayload a longer frame is refused
     * @throws EOFException when the stream ends before a frame starts or within one
     * @throws IOException when the frame breaks RFC 6455 for a server's frame
     */
    public static Frame read(DataInputStream in, int maxPayload) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("labd closed the connection without a WebSocket close");
        }
        int second = in.readUnsignedByte();
        if ((first & 0x70) != 0) {
            throw new IOException("labd sent a WebSocket frame with reserved bits set");
        }
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new IOException("labd sent a masked WebSocket frame, which a server must not");
        }
        if (length < 0 || length > maxPayload) {
            throw new IOException("labd sent a WebSocket frame of " + length + " bytes, more than the " + maxPayload
                    + " labctl accepts");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    /** {@code to[toOffset…] = from[fromOffset…] ^ mask}, eight bytes at a time where it can. */
    public static void mask(byte[] from, int fromOffset, byte[] to, int toOffset, int length, byte[] mask) {
        byte[] eight = new byte[8];
        for (int i = 0; i < 8; i++) {
            eight[i] = mask[i & 3];
        }
        long wide = (long) LONGS.get(eight, 0);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            LONGS.set(to, toOffset + i, (long) LONGS.get(from, fromOffset + i) ^ wide);
        }
        for (; i < length; i++) {
            to[toOffset + i] = (byte) (from[fromOffset + i] ^ mask[i & 3]);
        }
    }
}
