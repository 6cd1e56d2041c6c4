package org.labctl.bastion.internal.tftp;

import java.time.Duration;

/**
 * The limits of a {@link TftpServer}.
 *
 * @param maxTransfers   how many transfers may run at once; a request beyond that gets error 0
 *                       ("too many transfers") and the client retries later
 * @param timeout        how long a transfer waits for an acknowledgement before it sends its last
 *                       window again, unless the client asked for another value with the RFC 2349
 *                       {@code timeout} option
 * @param retries        how many times in a row a window is sent again before the transfer is given
 *                       up as timed out; a transfer that stalls is gone after about
 *                       {@code timeout * (retries + 1)}
 * @param maxBlockSize   the largest {@code blksize} granted (RFC 2348, 8..65464); a client asking for
 *                       more is granted this
 * @param maxWindowSize  the largest {@code windowsize} granted (RFC 7440, 1..65535); a client asking
 *                       for more is granted this
 */
public record TftpSettings(int maxTransfers, Duration timeout, int retries, int maxBlockSize, int maxWindowSize) {

    /** The smallest block size RFC 2348 allows. */
    public static final int MIN_BLOCK_SIZE = 8;
    /** The largest block size RFC 2348 allows: what fits in one IPv4 UDP datagram. */
    public static final int MAX_BLOCK_SIZE = 65464;
    /** The largest window RFC 7440 allows. */
    public static final int MAX_WINDOW_SIZE = 65535;

    public TftpSettings {
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers must be at least 1, not " + maxTransfers);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(255)) > 0) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most 255 s, not " + timeout);
        }
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries must be between 0 and 100, not " + retries);
        }
        if (maxBlockSize < MIN_BLOCK_SIZE || maxBlockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize must be between " + MIN_BLOCK_SIZE + " and " + MAX_BLOCK_SIZE
                    + ", not " + maxBlockSize);
        }
        if (maxWindowSize < 1 || maxWindowSize > MAX_WINDOW_SIZE) {
            throw new IllegalArgumentException("maxWindowSize must be between 1 and " + MAX_WINDOW_SIZE + ", not " + maxWindowSize);
        }
    }

    /**
     * 256 transfers, 1 s timeout (tftpd-hpa's default), 5 retries, any block size, windows of up to
     * 64 blocks: larger windows of large blocks overflow a client's socket buffer and then cost a
     * timeout each.
     */
    public static TftpSettings defaults() {
        return new TftpSettings(256, Duration.ofSeconds(1), 5, MAX_BLOCK_SIZE, 64);
    }

    public TftpSettings withTimeout(Duration value) {
        return new TftpSettings(maxTransfers, value, retries, maxBlockSize, maxWindowSize);
    }

    public TftpSettings withRetries(int value) {
        return new TftpSettings(maxTransfers, timeout, value, maxBlockSize, maxWindowSize);
    }

    public TftpSettings withMaxTransfers(int value) {
        return new TftpSettings(value, timeout, retries, maxBlockSize, maxWindowSize);
    }

    public TftpSettings withMaxWindowSize(int value) {
        return new TftpSettings(maxTransfers, timeout, retries, maxBlockSize, value);
    }
}
