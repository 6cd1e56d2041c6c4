package org.labctl.cli.exec;

import java.nio.ByteBuffer;
import org.labctl.api.BlockingWebSocket;

/**
 * The one connection to labd that carries every exec session of an invocation
 * ({@code /api/v1/exec/stream}, see {@link org.labctl.api.ExecProtocol}), as {@link ExecLoop} uses it:
 * {@link SocketTransport} over a WebSocket, a scripted fake in tests.
 */
public interface ExecTransport {

    /** Queues a control frame; frames leave in the order of these calls, text and binary alike. */
    void sendText(String json);

    /** Queues a data frame; the buffer belongs to the transport from now on. */
    void sendBinary(ByteBuffer frame);

    /** Lets {@code messages} more messages reach the {@link Receiver}: labctl reads no faster than it writes. */
    void request(long messages);

    /** Sends what is queued (waiting a short while at most), then closes the connection. */
    void close();

    /**
     * Where the transport delivers what comes from labd (a whole data frame's buffer is the
     * receiver's; {@code closed}: labd closed the connection; {@code failed}: it broke); it must
     * accept calls from any thread.
     */
    interface Receiver extends BlockingWebSocket.Listener {
    }
}
