package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file sent in netascii (RFC 764, as RFC 1350 asks): LF goes out as CR LF and a bare CR as CR NUL;
 * other bytes as they are. A block therefore does not start at a fixed offset of the file, so blocks
 * are read in order, each the one after the last or the last one again (a retransmission); the
 * server grants no window in this mode. A pair cut by the end of a block is finished at the start of
 * the next one.
 */
final class NetasciiSource implements BlockSource {

    private static final int NONE = -1;

    private final FileChannel file;
    private final int blockSize;
    private final ByteBuffer input;
    private long block;
    private long startOffset;
    private int startPending = NONE;
    private long endOffset;
    private int endPending = NONE;
    private long lastBlock = Long.MAX_VALUE;

    NetasciiSource(FileChannel file, int blockSize) {
        this.file = file;
        this.blockSize = blockSize;
        this.input = ByteBuffer.allocate(Math.min(blockSize, 16384));
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }

    @Override
    public int read(long wanted, ByteBuffer dst) throws IOException {
        if (wanted == block + 1) {
            block = wanted;
            startOffset = endOffset;
            startPending = endPending;
        } else if (wanted != block) {
            throw new IllegalStateException("netascii blocks are read in order: asked " + wanted + " after " + block);
        }
        int room = blockSize;
        long offset = startOffset;
        int pending = startPending;
        if (pending != NONE) {
            dst.put((byte) pending);
            room--;
            pending = NONE;
        }
        while (room > 0) {
            input.clear().limit(Math.min(input.capacity(), room)); // bytes that do not fit are read again next time
            int read = file.read(input, offset);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read && room > 0; i++) {
                byte b = input.get(i);
                offset++;
                int second = b == '\n' ? '\n' : b == '\r' ? 0 : NONE;
                dst.put(second == NONE ? b : (byte) '\r');
                room--;
                if (second != NONE) {
                    if (room > 0) {
                        dst.put((byte) second);
                        room--;
                    } else {
                        pending = second;
                    }
                }
            }
        }
        endOffset = offset;
        endPending = pending;
        int length = blockSize - room;
        if (length < blockSize) {
            lastBlock = block;
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
