package org.labctl.bastion.internal.tftp;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How one read request ended.
 *
 * @param client   the client's address and port (its transfer ID)
 * @param filename the file name as the client sent it
 * @param outcome  how it ended
 * @param bytes    the file bytes the client acknowledged
 * @param duration from the request to the end
 * @param detail   why it was refused or failed, as sent to the client in the error packet; empty
 *                 when it was sent
 */
public record TftpEvent(InetSocketAddress client, String filename, Outcome outcome, long bytes, Duration duration,
        String detail) {

    /** How a request ended. */
    public enum Outcome {
        /** The whole file was sent and its last block acknowledged. */
        SENT,
        /** Not served: no such file, outside the root, a write request, a bad mode, the server busy. */
        REFUSED,
        /**
         * Broke off: the client sent an error packet or went away, or the file could not be read. A
         * PXE ROM that asks for {@code tsize} only to learn the size, then ends with error 8, shows
         * here with 0 bytes before it asks again.
         */
        FAILED,
        /** The client stopped acknowledging, and the retries ran out. */
        TIMED_OUT
    }
}
