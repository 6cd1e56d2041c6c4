package org.labctl.agent.logs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Reads a log file and keeps reading what is appended, as {@code tail -F} does (issue 6, not wired
 * yet): across rotation by rename (the old file is read to its end, then the new file at the path
 * from its start) and by copytruncate (the file shrinks: reading starts again at its beginning).
 * The path is opened without following a link, at the start and after each rotation: a symbolic
 * link put in the file's place cannot lead the follower out of the directory it was confined to
 * ({@link LogFiles}); reading it fails instead.
 * Not thread-safe: one reader polls it.
 */
final class FileFollower implements AutoCloseable {

    /** How many of the last bytes read are compared to tell a truncated-and-rewritten file. */
    static final int SAMPLE = 64;

    private final Path path;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private int rotations;
    /** The last bytes read (up to {@link #SAMPLE}), which end at {@link #position}. */
    private byte[] last = new byte[SAMPLE];
    private int lastLength;
    private int truncations;

    private FileFollower(Path path, FileChannel channel, Object fileKey, long position) {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
        this.position = position;
    }

    /** Follows {@code path} from the start of its last {@code lines} lines (all of it when negative). */
    static FileFollower open(Path path, int lines) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            long start = lines < 0 ? 0 : startOfLastLines(channel, lines);
            return new FileFollower(path, channel, key, start);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads what there is now into {@code buffer} (up to its remaining space).
     *
     * @return the bytes read, 0 when there is nothing new yet
     */
    int poll(ByteBuffer buffer) throws IOException {
        if (rewritten()) {
            position = 0; // copied and truncated in place, and written again since: what is there now is new
            lastLength = 0;
            truncations++;
        }
        int start = buffer.position();
        int read = channel.read(buffer, position);
        if (read > 0) {
            position += read;
            remember(buffer, start, read);
            return read;
        }
        Object current = currentKey();
        if (current != null && !Objects.equals(current, fileKey)) {
            // renamed away and replaced: the old file was read to its end just now; the new one from its start
            FileChannel next = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            channel.close();
            channel = next;
            fileKey = current;
            position = 0;
            lastLength = 0;
            rotations++;
            return poll(buffer);
        }
        if (channel.size() < position) {
            position = 0; // copied and truncated in place: what is there now is new
            lastLength = 0;
            truncations++;
            return poll(buffer);
        }
        return 0;
    }

    /**
     * Whether the bytes just before {@link #position} are no longer those read there: the file was
     * truncated and has grown past the old position again before this poll saw it smaller.
     */
    private boolean rewritten() throws IOException {
        if (lastLength == 0 || position < lastLength) {
            return false;
        }
        ByteBuffer now = ByteBuffer.allocate(lastLength);
        long from = position - lastLength;
        while (now.hasRemaining()) {
            if (channel.read(now, from + now.position()) < 0) {
                return true; // shorter than it was
            }
        }
        return !java.util.Arrays.equals(now.array(), 0, lastLength, last, 0, lastLength);
    }

    /** Keeps the last bytes read, for {@link #rewritten()}. */
    private void remember(ByteBuffer buffer, int start, int read) {
        int total = Math.min(SAMPLE, lastLength + read);
        int fromNew = Math.min(read, total);
        int fromOld = total - fromNew;
        byte[] next = new byte[SAMPLE];
        System.arraycopy(last, lastLength - fromOld, next, 0, fromOld);
        for (int i = 0; i < fromNew; i++) {
            next[fromOld + i] = buffer.get(start + read - fromNew + i);
        }
        last = next;
        lastLength = total;
    }

    /** Whether everything the file holds now has been read (rotation aside). */
    boolean atEnd() throws IOException {
        return position >= channel.size();
    }

    int rotations() {
        return rotations;
    }

    int truncations() {
        return truncations;
    }

    private Object currentKey() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null; // between the rename and the new file: keep the old one
        }
    }

    /** The offset where the last {@code lines} lines of the file start (a last line without newline counts). */
    static long startOfLastLines(FileChannel channel, int lines) throws IOException {
        long size = channel.size();
        if (lines == 0) {
            return size;
        }
        ByteBuffer block = ByteBuffer.allocate(8192);
        long end = size;
        int newlines = 0;
        boolean first = true;
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            channel.read(block, start);
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    if (first && start + i == size - 1) {
                        first = false; // the newline that ends the last line
                        continue;
                    }
                    first = false;
                    if (++newlines == lines) {
                        return start + i + 1;
                    }
                }
                first = false;
            }
            end = start;
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
