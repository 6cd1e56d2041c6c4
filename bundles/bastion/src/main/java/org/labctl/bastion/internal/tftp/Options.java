package org.labctl.bastion.internal.tftp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options a transfer runs with, negotiated from what the client asked (RFC 2347) within the
 * server's {@link TftpSettings}. Unknown options, and known ones with a value out of range or not a
 * number, are left out of the OACK, which RFC 2347 lets the server do; the client then uses the
 * default.
 *
 * <ul>
 *   <li>{@code blksize} (RFC 2348): 8..65464, granted up to {@link TftpSettings#maxBlockSize()};
 *   <li>{@code timeout} (RFC 2349): 1..255 s, granted as asked;
 *   <li>{@code tsize} (RFC 2349): answered with the file's size, in octet mode only (the size of a
 *       netascii transfer is not known before it is converted);
 *   <li>{@code windowsize} (RFC 7440): 1..65535, granted up to
 *       {@link TftpSettings#maxWindowSize()} and {@link #WINDOW_BYTES} of blocks, in octet mode
 *       only: netascii is sent one block at a time.
 * </ul>
 *
 * @param blockSize    bytes of file per DATA packet; 512 without the option
 * @param windowSize   DATA packets sent before waiting for an ACK; 1 without the option
 * @param timeoutNanos how long to wait for an ACK before sending again
 * @param acknowledged what goes in the OACK, in the client's order; empty when no OACK is sent
 */
record Options(int blockSize, int windowSize, long timeoutNanos, Map<String, String> acknowledged) {

    static final int DEFAULT_BLOCK_SIZE = 512;
    /**
     * The most file bytes in flight in one window. A client's UDP receive buffer (Linux: about 208
     * KiB by default) holds this; 16 blocks of 64 KiB did not fit, and atftp then lost most windows
     * and fetched at 1 MB/s instead of hundreds.
     */
    static final int WINDOW_BYTES = 128 * 1024;

    static Options negotiate(Map<String, String> requested, TftpSettings settings, boolean octet, long fileSize) {
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        long timeoutNanos = settings.timeout().toNanos();
        Map<String, String> acknowledged = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : requested.entrySet()) {
            int value = number(option.getValue());
            switch (option.getKey()) {
                case "blksize" -> {
                    if (value >= TftpSettings.MIN_BLOCK_SIZE) {
                        blockSize = Math.min(value, settings.maxBlockSize());
                        acknowledged.put("blksize", Integer.toString(blockSize));
                    }
                }
                case "timeout" -> {
                    if (value >= 1 && value <= 255) {
                        timeoutNanos = value * 1_000_000_000L;
                        acknowledged.put("timeout", Integer.toString(value));
                    }
                }
                case "tsize" -> {
                    if (octet) {
                        acknowledged.put("tsize", Long.toString(fileSize));
                    }
                }
                case "windowsize" -> {
                    if (octet && value >= 1) {
                        windowSize = Math.min(value, settings.maxWindowSize());
                        acknowledged.put("windowsize", Integer.toString(windowSize));
                    }
                }
                default -> {
                    // unknown options are ignored (RFC 2347)
                }
            }
        }
        if (windowSize > 1 && (long) windowSize * blockSize > WINDOW_BYTES) {
            windowSize = Math.max(1, WINDOW_BYTES / blockSize); // RFC 7440 lets the server grant less
            acknowledged.put("windowsize", Integer.toString(windowSize));
        }
        return new Options(blockSize, windowSize, timeoutNanos, Collections.unmodifiableMap(acknowledged));
    }

    /** The value as a non-negative int, or -1 when it is not 1 to 9 decimal digits. */
    private static int number(String value) {
        if (value.isEmpty() || value.length() > 9) {
            return -1;
        }
        int number = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }
}
