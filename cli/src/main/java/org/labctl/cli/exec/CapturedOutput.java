package org.labctl.cli.exec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.labctl.api.ExecProtocol;

/**
 * One server's output in a fan-out with {@code -o json}: kept for its JSON record, up to
 * {@link #LIMIT} of each stream; what comes after is read (and its credit given back) but dropped.
 */
public final class CapturedOutput implements SessionOutput {

    /** What is kept of each stream: 1 MiB. */
    public static final int LIMIT = 1024 * 1024;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private boolean truncated;

    @Override
    public void write(int channel, ByteBuffer payload) {
        ByteArrayOutputStream kept = channel == ExecProtocol.STDERR ? stderr : stdout;
        int room = LIMIT - kept.size();
        int count = payload.remaining();
        if (count > room) {
            truncated = true;
        }
        int taken = Math.min(room, count);
        byte[] bytes = new byte[taken];
        payload.get(bytes);
        kept.write(bytes, 0, taken);
    }

    /** Stdout as UTF-8 text; bytes that are not UTF-8 become U+FFFD. */
    public String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Whether either stream had more than {@link #LIMIT}. */
    public boolean truncated() {
        return truncated;
    }
}
