package org.labctl.exec.internal;

import java.nio.ByteBuffer;

/**
 * One side of relayed exec sessions: a labctl client's socket, an agent's socket, or the socket
 * to another labd instance. Sends never block; the exec flow-control windows bound what queues.
 */
interface Link {

    void text(String frame);

    /** A data frame (position 0, limit at its end). */
    void binary(ByteBuffer frame);

    /** For log lines: who is at the other end. */
    String describe();
}
