package org.labctl.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes written as UTF-8 text into a writer, each write passed on at once (see {@link ExecIo#over}).
 * A character split between two writes waits for its last byte; malformed input becomes U+FFFD.
 */
final class WriterOutputStream extends OutputStream {

    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of a character not complete yet: at most 3. */
    private final ByteBuffer pending = ByteBuffer.allocate(8);

    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        ByteBuffer in;
        if (pending.position() > 0) {
            in = ByteBuffer.allocate(pending.position() + length);
            in.put(pending.flip()).put(bytes, offset, length).flip();
            pending.clear();
        } else {
            in = ByteBuffer.wrap(bytes, offset, length);
        }
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, false);
        pending.put(in);
        writer.write(out.flip().toString());
        writer.flush();
    }

    @Override
    public void flush() {
        writer.flush();
    }
}
