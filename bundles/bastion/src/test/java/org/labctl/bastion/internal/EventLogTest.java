package org.labctl.bastion.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    private static final String A = "52:54:00:00:00:0a";
    private static final String B = "52:54:00:00:00:0b";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void linesAreNamedByMacAndFilteredByIt() throws Exception {
        try (EventLog log = EventLog.open(dir, clock)) {
            log.event(A, "dhcp REPLIED DISCOVER->OFFER");
            log.event(B, "http boot script: wait");
            log.event(null, "bastion started");
            log.event(A, "http kickstart served");
            assertEquals(List.of("2026-11-29T09:00:00Z 52:54:00:00:00:0a dhcp REPLIED DISCOVER->OFFER",
                    "2026-11-29T09:00:00Z 52:54:00:00:00:0a http kickstart served"), log.tail(A, -1));
            assertEquals(List.of("2026-11-29T09:00:00Z - bastion started",
                    "2026-11-29T09:00:00Z 52:54:00:00:00:0a http kickstart served"), log.tail(null, 2));
            assertEquals(List.of(), log.tail(A, 0));
        }
    }

    @Test
    void aFollowerReadsOnlyWholeNewLines() throws Exception {
        try (EventLog log = EventLog.open(dir, clock)) {
            log.event(A, "first");
            long offset = log.end();
            log.event(B, "other machine");
            log.event(A, "second");
            List<String> into = new ArrayList<>();
            long next = log.read(offset, A, into);
            assertEquals(List.of("2026-11-29T09:00:00Z 52:54:00:00:00:0a second"), into);
            assertEquals(log.end(), next);
            into.clear();
            assertEquals(next, log.read(next, A, into));
            assertTrue(into.isEmpty());
            Files.writeString(log.file(), "2026-11-29T09:00:00Z 52:54:00:00:00:0a half", java.nio.file.StandardOpenOption.APPEND);
            assertEquals(next, log.read(next, A, into), "a line without its end is not read yet");
        }
    }

    @Test
    void whatAClientSentCannotForgeALine() throws Exception {
        try (EventLog log = EventLog.open(dir, clock)) {
            log.event(A, "tftp REFUSED evil\n2026-11-29T09:00:00Z 52:54:00:00:00:0b installed");
            List<String> lines = log.tail(null, -1);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("evil?2026"), lines.get(0));
            log.event(A, "x".repeat(5000));
            assertTrue(log.tail(A, 1).get(0).length() < 1100);
        }
    }

    @Test
    void itRotatesAndAFollowerStartsOverOnTheNewFile() throws Exception {
        try (EventLog log = EventLog.open(dir, clock)) {
            String big = "y".repeat(1000);
            long offset = 0;
            for (int i = 0; i < EventLog.ROTATE_BYTES / 1000 + 10; i++) {
                log.event(A, big);
                if (i == 100) {
                    offset = log.end();
                }
            }
            assertTrue(Files.exists(dir.resolve(EventLog.FILE + ".1")));
            assertTrue(Files.size(log.file()) < EventLog.ROTATE_BYTES);
            log.event(B, "after rotation");
            List<String> into = new ArrayList<>();
            log.read(Files.size(dir.resolve(EventLog.FILE + ".1")), B, into);
            assertEquals(List.of("2026-11-29T09:00:00Z 52:54:00:00:00:0b after rotation"), into);
            assertTrue(offset > 0);
        }
    }
}
