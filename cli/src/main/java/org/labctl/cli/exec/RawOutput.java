package org.labctl.cli.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.labctl.api.ExecProtocol;

/** A single session's output, byte for byte to labctl's stdout and stderr, flushed as it arrives. */
public final class RawOutput implements SessionOutput {

    private final OutputStream stdout;
    private final OutputStream stderr;

    public RawOutput(OutputStream stdout, OutputStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public void write(int channel, ByteBuffer payload) throws IOException {
        OutputStream out = channel == ExecProtocol.STDERR ? stderr : stdout;
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        out.write(bytes);
        out.flush();
    }
}
