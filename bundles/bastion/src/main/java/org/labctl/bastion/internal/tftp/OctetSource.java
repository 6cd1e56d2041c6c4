package org.labctl.bastion.internal.tftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file sent as it is: block N is the bytes at {@code (N - 1) * blockSize}, read with a positional
 * read straight into the packet buffer, so that any block of a window can be sent again. The size is
 * taken when the transfer starts; a file that shrinks under it fails the transfer rather than sending
 * a short file that looks complete.
 */
final class OctetSource implements BlockSource {

    private final FileChannel file;
    private final int blockSize;
    private final long size;
    private final long lastBlock;

    OctetSource(FileChannel file, int blockSize) throws IOException {
        this.file = file;
        this.blockSize = blockSize;
        this.size = file.size();
        this.lastBlock = size / blockSize + 1;
    }

    long size() {
        return size;
    }

    @Override
    public long lastBlock() {
        return lastBlock;
    }

    @Override
    public int read(long block, ByteBuffer dst) throws IOException {
        long position = (block - 1) * blockSize;
        int length = (int) Math.min(blockSize, size - position);
        int start = dst.position();
        dst.limit(start + length);
        while (dst.hasRemaining()) {
            if (file.read(dst, position + dst.position() - start) < 0) {
                throw new IOException("the file shrank while it was being sent");
            }
        }
        return length;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
