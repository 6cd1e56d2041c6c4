package org.labctl.agent.logs.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {

    @TempDir
    Path dir;

    /** Everything the follower has now. */
    private static String drain(FileFollower follower) throws IOException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(7); // small: reads span several polls
        while (follower.poll(buffer.clear()) > 0) {
            text.append(new String(buffer.array(), 0, buffer.position(), UTF_8));
        }
        return text.toString();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void theLastLinesThenWhatIsAppended() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "one\ntwo\nthree\nfour\n");
        try (FileFollower follower = FileFollower.open(log, 2)) {
            assertEquals("three\nfour\n", drain(follower));
            assertEquals("", drain(follower));
            append(log, "five\n");
            assertEquals("five\n", drain(follower));
        }
        try (FileFollower all = FileFollower.open(log, -1)) {
            assertEquals("one\ntwo\nthree\nfour\nfive\n", drain(all));
        }
    }

    @Test
    void rotationByRenameReadsTheOldFileToItsEndThenTheNewOne() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "a\n");
        try (FileFollower follower = FileFollower.open(log, -1)) {
            assertEquals("a\n", drain(follower));
            append(log, "b\n");                       // written before the rotation, not yet read
            Files.move(log, dir.resolve("app.log.1"));
            assertEquals("b\n", drain(follower), "the old file to its end while no new file exists");
            append(log, "c\n");
            assertEquals("c\n", drain(follower));
            assertEquals(1, follower.rotations());
        }
    }

    @Test
    void copytruncateStartsAgainAtTheBeginning() throws Exception {
        Path log = dir.resolve("app.log");
        append(log, "first line that is long\n");
        try (FileFollower follower = FileFollower.open(log, -1)) {
            assertEquals("first line that is long\n", drain(follower));
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "after\n");
            assertEquals("after\n", drain(follower));
            assertEquals(1, follower.truncations());
        }
    }

    @Test
    void copytruncateFollowedByMoreThanWasThereBeforeThePollIsStillSeen() throws Exception {
        Path log = dir.resolve("busy.log");
        append(log, "short\n");
        try (FileFollower follower = FileFollower.open(log, -1)) {
            assertEquals("short\n", drain(follower));
            // truncated and written past the old end before the follower looked again
            try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
            append(log, "a longer line after truncation\n");
            assertEquals("a longer line after truncation\n", drain(follower));
            assertEquals(1, follower.truncations());
            append(log, "then appended\n");
            assertEquals("then appended\n", drain(follower), "appends after that are not taken for a rewrite");
            assertEquals(1, follower.truncations());
        }
    }

    @Test
    void aSymbolicLinkRotatedIntoThePathIsNotFollowed() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "do not show\n");
        Path log = dir.resolve("app.log");
        append(log, "one\n");
        try (FileFollower follower = FileFollower.open(log, -1)) {
            assertEquals("one\n", drain(follower));
            Files.move(log, dir.resolve("app.log.1"));
            Files.createSymbolicLink(log, secret);
            java.io.IOException refused = assertThrows(java.io.IOException.class, () -> drain(follower));
            assertFalse(String.valueOf(refused.getMessage()).contains("do not show"));
        }
        assertThrows(java.io.IOException.class, () -> FileFollower.open(log, 10), "a link is never opened");
    }

    @Test
    void lastLinesCountsALastLineWithoutNewlineAndSpansBlocks() throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        text.append("partial");
        Files.writeString(log, text);
        try (FileChannel channel = FileChannel.open(log)) {
            long start = FileFollower.startOfLastLines(channel, 3);
            assertEquals("line 4998\nline 4999\npartial", Files.readString(log).substring((int) start));
            assertEquals(0, FileFollower.startOfLastLines(channel, 100_000));
            assertEquals(channel.size(), FileFollower.startOfLastLines(channel, 0));
        }
        Path empty = Files.createFile(dir.resolve("empty.log"));
        try (FileChannel channel = FileChannel.open(empty)) {
            assertEquals(0, FileFollower.startOfLastLines(channel, 10));
        }
    }
}
