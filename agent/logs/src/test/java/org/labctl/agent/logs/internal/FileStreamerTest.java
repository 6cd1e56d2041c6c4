package org.labctl.agent.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.agent.testing.RecordingOutbound;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;

class FileStreamerTest {

    private static final UUID SESSION = UUID.fromString("5f0c1e2d-0000-4000-8000-0000000000f1");

    @TempDir
    Path dir;

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RecordingOutbound.DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void aWholeFileLargerThanTheWindowComesWithinTheWindowAndEndsWithExitZero() throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        RecordingOutbound client = new RecordingOutbound();
        FileStreamer streamer = new FileStreamer(SESSION, log, log.toString(), null, false, client);
        client.grantingTo(streamer);
        streamer.start();
        ExecFrame exit = client.awaitExit();
        assertEquals(0, exit.code());
        assertEquals(text.toString(), client.stdout());
        assertEquals(1, client.controls(ExecProtocol.STARTED).size());
        assertTrue(client.maxInFlight() <= ExecProtocol.INITIAL_WINDOW);
        client.assertClean();
    }

    @Test
    void withoutCreditItStopsReadingAndNothingPilesUp() throws Exception {
        Path log = dir.resolve("big.log");
        Files.write(log, new byte[4 * ExecProtocol.INITIAL_WINDOW]);
        RecordingOutbound client = new RecordingOutbound().countingOnly();
        FileStreamer streamer = new FileStreamer(SESSION, log, log.toString(), null, false, client);
        streamer.start();
        await("one window of data", () -> client.received(ExecProtocol.STDOUT) == ExecProtocol.INITIAL_WINDOW);
        Thread.sleep(100); // a reader that ignored the window would have sent more by now
        assertEquals(ExecProtocol.INITIAL_WINDOW, client.received(ExecProtocol.STDOUT));
        assertTrue(streamer.isRunning());
        client.grant(streamer, ExecProtocol.STDOUT, 3L * ExecProtocol.INITIAL_WINDOW);
        assertEquals(0, client.awaitExit().code());
        assertEquals(4L * ExecProtocol.INITIAL_WINDOW, client.received(ExecProtocol.STDOUT));
        client.assertClean();
    }

    @Test
    void followingPrintsAppendsFromTheLastLinesAndSigintEndsIt() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        RecordingOutbound client = new RecordingOutbound();
        FileStreamer streamer = new FileStreamer(SESSION, log, log.toString(), 1, true, client);
        client.grantingTo(streamer);
        streamer.start();
        await("the last line", () -> client.stdout().equals("three\n"));
        Files.writeString(log, "four\n", StandardOpenOption.APPEND);
        await("the appended line", () -> client.stdout().equals("three\nfour\n"));
        streamer.accept(ExecFrame.signal(SESSION, ExecProtocol.Signal.INT));
        ExecFrame exit = client.awaitExit();
        assertEquals(130, exit.code());
        assertEquals("INT", exit.signal());
        assertFalse(streamer.isRunning());
        client.assertClean();
    }

    @Test
    void abortEndsAFollowWithTermAndAMissingFileIsAnErrorBeforeStart() throws Exception {
        Path log = dir.resolve("quiet.log");
        Files.writeString(log, "", StandardCharsets.UTF_8);
        RecordingOutbound client = new RecordingOutbound();
        FileStreamer streamer = new FileStreamer(SESSION, log, log.toString(), 10, true, client);
        streamer.start();
        streamer.abort();
        assertEquals(143, client.awaitExit().code());

        RecordingOutbound missing = new RecordingOutbound();
        new FileStreamer(SESSION, dir.resolve("gone.log"), "/var/log/gone.log", null, false, missing).start();
        ExecFrame error = missing.single(ExecProtocol.ERROR);
        assertEquals("no file /var/log/gone.log on this server", error.message());
        assertTrue(missing.controls(ExecProtocol.STARTED).isEmpty());
        assertNull(error.status());
    }
}
