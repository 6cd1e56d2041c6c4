package org.labctl.bastion.internal.tftp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The bytes of a transfer, block by block, read again from the file when a block is sent again. */
interface BlockSource extends Closeable {

    /**
     * Puts block {@code block} (1 for the first) into {@code dst} from its position on: a full block
     * except for the last one, which is shorter, possibly empty.
     *
     * @return how many bytes were put
     */
    int read(long block, ByteBuffer dst) throws IOException;

    /** The number of the last block, or {@code Long.MAX_VALUE} until a short block has been read. */
    long lastBlock();
}
