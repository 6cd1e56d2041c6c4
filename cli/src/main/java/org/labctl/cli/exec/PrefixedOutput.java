package org.labctl.cli.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.labctl.api.ExecProtocol;

/**
 * One server's output in a fan-out, for people: each line written whole, after the server's name
 * ({@code web-1  | line}), stdout lines to stdout and stderr lines to stderr. A line is held back
 * until its newline comes, so that the lines of several servers never mix; a line longer than
 * {@link #MAX_LINE} is cut into lines of that length, and a last line without newline gets one when
 * the session ends.
 */
public final class PrefixedOutput implements SessionOutput {

    /** The longest line held back: 64 KiB. */
    public static final int MAX_LINE = 64 * 1024;

    private final Lines stdout;
    private final Lines stderr;

    /**
     * @param server the server's name
     * @param width  the length of the longest server name of the fan-out, to which names are padded
     */
    public PrefixedOutput(String server, int width, OutputStream stdout, OutputStream stderr) {
        byte[] prefix = prefix(server, width).getBytes(StandardCharsets.UTF_8);
        this.stdout = new Lines(prefix, stdout);
        this.stderr = new Lines(prefix, stderr);
    }

    /** {@code web-1  | }: the name padded to {@code width}, then {@code "  | "}. */
    public static String prefix(String server, int width) {
        StringBuilder prefix = new StringBuilder(server);
        while (prefix.length() < width) {
            prefix.append(' ');
        }
        return prefix.append("  | ").toString();
    }

    @Override
    public void write(int channel, ByteBuffer payload) throws IOException {
        (channel == ExecProtocol.STDERR ? stderr : stdout).write(payload);
    }

    @Override
    public void finish() throws IOException {
        stdout.finish();
        stderr.finish();
    }

    /** The lines of one stream. */
    private static final class Lines {

        private final byte[] prefix;
        private final OutputStream out;
        private final byte[] line = new byte[MAX_LINE];
        private int length;
        /** Whole lines of one payload, written with one call. */
        private final ByteArrayOutputStream ready = new ByteArrayOutputStream();

        Lines(byte[] prefix, OutputStream out) {
            this.prefix = prefix;
            this.out = out;
        }

        void write(ByteBuffer payload) throws IOException {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            int from = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    append(bytes, from, i - from);
                    endLine();
                    from = i + 1;
                }
            }
            append(bytes, from, bytes.length - from);
            flushReady();
        }

        void finish() throws IOException {
            if (length > 0) {
                endLine();
            }
            flushReady();
        }

        private void append(byte[] bytes, int offset, int count) {
            while (count > 0) {
                if (length == MAX_LINE) {
                    endLine();
                }
                int taken = Math.min(count, MAX_LINE - length);
                System.arraycopy(bytes, offset, line, length, taken);
                length += taken;
                offset += taken;
                count -= taken;
            }
        }

        private void endLine() {
            ready.write(prefix, 0, prefix.length);
            ready.write(line, 0, length);
            ready.write('\n');
            length = 0;
        }

        private void flushReady() throws IOException {
            if (ready.size() > 0) {
                ready.writeTo(out);
                ready.reset();
                out.flush();
            }
        }
    }
}
