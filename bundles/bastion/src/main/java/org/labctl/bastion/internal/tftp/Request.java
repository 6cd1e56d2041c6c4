package org.labctl.bastion.internal.tftp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A read or write request (RFC 1350): opcode, file name, mode, then the RFC 2347 options as pairs
 * of NUL-terminated strings.
 *
 * @param opcode   {@link TftpPackets#RRQ} or {@link TftpPackets#WRQ}
 * @param filename as sent, decoded as UTF-8 (a byte that is not UTF-8 becomes U+FFFD, and no such
 *                 file exists)
 * @param mode     lower case: {@code octet}, {@code netascii}, or whatever the client sent
 * @param options  names in lower case (RFC 2347 makes them case-insensitive), the first of each name
 */
record Request(int opcode, String filename, String mode, Map<String, String> options) {

    /** More options than any client sends; the rest are ignored, as unknown options are. */
    private static final int MAX_OPTIONS = 32;

    /**
     * Parses a request; the file name and mode must each end with a NUL byte. An option whose name or
     * value is cut short is ignored.
     *
     * @throws TftpException error 4 when the packet is not a request or is cut short
     */
    static Request parse(ByteBuffer packet) throws TftpException {
        if (packet.remaining() < 2) {
            throw new TftpException(TftpPackets.ILLEGAL_OPERATION, "illegal TFTP operation: packet too short");
        }
        int opcode = packet.getShort(packet.position()) & 0xFFFF;
        if (opcode != TftpPackets.RRQ && opcode != TftpPackets.WRQ) {
            throw new TftpException(TftpPackets.ILLEGAL_OPERATION, "illegal TFTP operation: expected a read request");
        }
        byte[] bytes = new byte[packet.remaining() - 2];
        packet.get(packet.position() + 2, bytes);
        int filenameEnd = indexOfNul(bytes, 0);
        if (filenameEnd < 0) {
            throw new TftpException(TftpPackets.ILLEGAL_OPERATION, "illegal TFTP operation: the file name does not end with a NUL byte");
        }
        int modeEnd = indexOfNul(bytes, filenameEnd + 1);
        if (modeEnd < 0) {
            throw new TftpException(TftpPackets.ILLEGAL_OPERATION, "illegal TFTP operation: the mode is missing or does not end with a NUL byte");
        }
        String filename = new String(bytes, 0, filenameEnd, StandardCharsets.UTF_8);
        String mode = ascii(bytes, filenameEnd + 1, modeEnd);
        Map<String, String> options = new LinkedHashMap<>();
        int at = modeEnd + 1;
        while (at < bytes.length && options.size() < MAX_OPTIONS) {
            int nameEnd = indexOfNul(bytes, at);
            int valueEnd = nameEnd < 0 ? -1 : indexOfNul(bytes, nameEnd + 1);
            if (valueEnd < 0) {
                break;
            }
            options.putIfAbsent(ascii(bytes, at, nameEnd), new String(bytes, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.US_ASCII));
            at = valueEnd + 1;
        }
        return new Request(opcode, filename, mode, Collections.unmodifiableMap(options));
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }
}
