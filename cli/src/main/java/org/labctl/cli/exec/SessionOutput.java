package org.labctl.cli.exec;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a session's stdout and stderr go: straight through ({@link RawOutput}), as prefixed lines
 * ({@link PrefixedOutput}) or into a JSON record ({@link CapturedOutput}). Called on the loop's
 * thread only; a call returns once the bytes are consumed, which is when labctl gives their window
 * credit back to the agent.
 */
public interface SessionOutput {

    /**
     * @param channel {@link org.labctl.api.ExecProtocol#STDOUT} or {@link org.labctl.api.ExecProtocol#STDERR}
     * @throws IOException when labctl's own output is closed (its reader went away)
     */
    void write(int channel, ByteBuffer payload) throws IOException;

    /** The session ended: pass on anything held back, such as a last line without its newline. */
    default void finish() throws IOException {
    }
}
