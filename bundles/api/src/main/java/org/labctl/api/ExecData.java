package org.labctl.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A decoded exec data frame (see {@link ExecProtocol}).
 *
 * @param channel {@link ExecProtocol#STDIN}, {@link ExecProtocol#STDOUT} or {@link ExecProtocol#STDERR}
 * @param session the session id
 * @param payload the bytes, read-only
 */
public record ExecData(int channel, UUID session, ByteBuffer payload) {

    /** A copy of the payload. */
    public byte[] bytes() {
        ByteBuffer copy = payload.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** The payload as UTF-8 text (for tests and messages). */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** This frame encoded again. */
    public ByteBuffer encode() {
        return ExecProtocol.encode(channel, session, payload);
    }
}
