package org.labctl.bastion.internal.tftp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Opcodes, error codes and the encoding of the packets the server sends (RFC 1350, 2347). */
final class TftpPackets {

    static final int RRQ = 1;
    static final int WRQ = 2;
    static final int DATA = 3;
    static final int ACK = 4;
    static final int ERROR = 5;
    static final int OACK = 6;

    static final int NOT_DEFINED = 0;
    static final int FILE_NOT_FOUND = 1;
    static final int ACCESS_VIOLATION = 2;
    static final int ILLEGAL_OPERATION = 4;
    static final int UNKNOWN_TRANSFER_ID = 5;
    static final int OPTION_REFUSED = 8;

    /** The largest UDP payload over IPv4, and so the largest packet the server ever receives whole. */
    static final int MAX_PACKET = 65507;

    private TftpPackets() {
    }

    /** Writes an error packet into {@code dst}, flipped and ready to send. */
    static ByteBuffer error(ByteBuffer dst, int code, String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        dst.clear();
        dst.putShort((short) ERROR).putShort((short) code).put(text, 0, Math.min(text.length, 400)).put((byte) 0);
        return dst.flip();
    }

    /** An OACK packet acknowledging {@code options}, in their order. */
    static byte[] oack(Map<String, String> options) {
        ByteBuffer packet = ByteBuffer.allocate(2 + options.size() * 64);
        packet.putShort((short) OACK);
        options.forEach((name, value) -> {
            packet.put(name.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
            packet.put(value.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        });
        byte[] bytes = new byte[packet.position()];
        packet.flip().get(bytes);
        return bytes;
    }

    /**
     * The text of an error packet a client sent, for the log: printable ASCII only, at most 100
     * characters, so that a client cannot write control characters or megabytes into it.
     */
    static String clientError(ByteBuffer packet) {
        int code = packet.remaining() >= 4 ? packet.getShort(packet.position() + 2) & 0xFFFF : -1;
        StringBuilder text = new StringBuilder();
        for (int i = packet.position() + 4; i < packet.limit() && text.length() < 100; i++) {
            byte b = packet.get(i);
            if (b == 0) {
                break;
            }
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return "the client ended the transfer with error " + code + (text.isEmpty() ? "" : ": " + text);
    }
}
