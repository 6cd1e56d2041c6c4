package org.labctl.bastion.internal.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Netascii blocks, read in order and read again, add up to the file with LF as CR LF and CR as CR NUL. */
class NetasciiSourceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "blksize {0}")
    @ValueSource(ints = {8, 9, 512, 1468})
    void blocksAddUpToTheConvertedFileEvenWhenReadTwice(int blockSize) throws IOException {
        byte[] text = new byte[20_000];
        Random random = new Random(blockSize);
        for (int i = 0; i < text.length; i++) {
            int kind = random.nextInt(10);
            text[i] = (byte) (kind == 0 ? '\n' : kind == 1 ? '\r' : 'a' + random.nextInt(26));
        }
        Path file = Files.write(dir.resolve("text"), text);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (byte b : text) {
            expected.writeBytes(b == '\n' ? new byte[] {'\r', '\n'} : b == '\r' ? new byte[] {'\r', 0} : new byte[] {b});
        }
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteBuffer packet = ByteBuffer.allocate(blockSize);
        try (NetasciiSource source = new NetasciiSource(FileChannel.open(file), blockSize)) {
            for (long block = 1; block <= source.lastBlock(); block++) {
                packet.clear();
                int length = source.read(block, packet);
                byte[] first = new byte[length];
                packet.flip().get(first);
                packet.clear();
                assertEquals(length, source.read(block, packet), "block " + block + " read again");
                byte[] again = new byte[length];
                packet.flip().get(again);
                assertArrayEquals(first, again, "block " + block + " read again");
                sent.writeBytes(first);
            }
            assertThrows(IllegalStateException.class, () -> source.read(1, packet.clear()));
        }
        assertArrayEquals(expected.toByteArray(), sent.toByteArray());
    }
}
