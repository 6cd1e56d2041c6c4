package org.labctl.bastion.internal.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.labctl.bastion.internal.dhcp.LeasePoolTest.ip;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease file's snapshot and journal: what an acknowledgement writes, what a restart reads back
 * after a crash at any point (a torn last line, a compaction cut short), and the compaction itself.
 */
class LeaseFileTest {

    private static final String A = "52:54:00:00:00:0a";
    private static final String B = "52:54:00:00:00:0b";
    private static final String C = "52:54:00:00:00:0c";
    private static final Instant EXPIRES = Instant.parse("2026-01-01T00:10:00Z");

    @TempDir
    Path dir;

    private final LeasePoolTest.MovableClock clock = new LeasePoolTest.MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private Path snapshot() {
        return dir.resolve(DhcpSettings.LEASE_FILE);
    }

    private Path journal() {
        return dir.resolve(DhcpSettings.LEASE_FILE + LeaseFile.JOURNAL_SUFFIX);
    }

    private Path oldJournal() {
        return dir.resolve(DhcpSettings.LEASE_FILE + LeaseFile.OLD_JOURNAL_SUFFIX);
    }

    private LeasePool pool(LeaseFile file) throws IOException {
        return LeasePool.open(ip("10.0.0.10"), ip("10.0.0.250"), Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(5),
                clock, file);
    }

    @Test
    void anAcknowledgementAppendsOneLineToTheJournalAndLeavesTheSnapshotAlone() throws Exception {
        try (LeasePool pool = pool(new LeaseFile(snapshot()))) {
            pool.acknowledge(A, pool.offer(A, null));
            Object inode = Files.getAttribute(snapshot(), "unix:ino");
            String before = Files.readString(snapshot());

            Lease b = pool.acknowledge(B, pool.offer(B, null));

            assertEquals(inode, Files.getAttribute(snapshot(), "unix:ino"), "the snapshot was not replaced");
            assertEquals(before, Files.readString(snapshot()), "nor written");
            List<String> lines = Files.readAllLines(journal());
            assertEquals(LeaseFile.JOURNAL_HEADER, lines.get(0));
            assertEquals(B + " " + b.address().getHostAddress() + " 2026-01-01T00:10:00Z", lines.get(lines.size() - 1),
                    "one line for B's lease, last");
            assertEquals(3, lines.size(), "A's and B's lines after the header");
        }
    }

    @Test
    void aLeaseOnlyInTheJournalSurvivesARestartAndATornLastLineIsSkipped() throws Exception {
        Files.writeString(snapshot(), LeaseFile.HEADER + "\n" + A + " 10.0.0.10 2026-01-01T00:10:00Z\n");
        // B's lease, A's address given to C after A declined it, and a line torn by a crash while it was written
        Files.writeString(journal(), LeaseFile.JOURNAL_HEADER + "\n" + B + " 10.0.0.11 2026-01-01T00:10:00Z\n" + A + " none\n"
                + C + " 10.0.0.10 2026-01-01T00:10:00Z\n" + "52:54:00:00:00:0d 10.0.0");

        try (LeasePool pool = pool(new LeaseFile(snapshot()))) {
            assertEquals(List.of(new Lease(B, ip("10.0.0.11"), EXPIRES), new Lease(C, ip("10.0.0.10"), EXPIRES)), pool.leases());
            assertEquals(LeaseFile.HEADER + "\n" + B + " 10.0.0.11 2026-01-01T00:10:00Z\n" + C + " 10.0.0.10 2026-01-01T00:10:00Z\n",
                    Files.readString(snapshot()), "the start compacted the journal into the snapshot");
            assertEquals(LeaseFile.JOURNAL_HEADER + "\n", Files.readString(journal()), "and started a new journal");

            Lease d = pool.acknowledge("52:54:00:00:00:0d", pool.offer("52:54:00:00:00:0d", null));
            assertEquals(List.of(LeaseFile.JOURNAL_HEADER, "52:54:00:00:00:0d " + d.address().getHostAddress() + " 2026-01-01T00:10:00Z"),
                    Files.readAllLines(journal()), "no torn line left for the next one to run into");
        }
    }

    @Test
    void aJournalWhoseHeaderWasTornHoldsNoChange() throws Exception {
        Files.writeString(snapshot(), LeaseFile.HEADER + "\n" + A + " 10.0.0.10 2026-01-01T00:10:00Z\n");
        for (String torn : List.of("", LeaseFile.JOURNAL_HEADER.substring(0, 12))) {
            Files.writeString(journal(), torn);
            assertEquals(List.of(new Lease(A, ip("10.0.0.10"), EXPIRES)), new LeaseFile(snapshot()).load());
        }
    }

    @Test
    void aCorruptJournalIsRefusedWithTheFileTheLineAndWhatToDo() throws Exception {
        for (String[] bad : new String[][] {
            {"not a journal\n" + A + " none\n", "line 1 is corrupt: the first line is not"},
            {LeaseFile.JOURNAL_HEADER + "\n" + A + " 10.0.0.10\n" + B + " none\n", "line 2 is corrupt: expected MAC ADDRESS EXPIRES or MAC none"},
            {LeaseFile.JOURNAL_HEADER + "\n" + A + " 10.0.0.300 2026-01-01T00:10:00Z\n" + B + " none\n", "not an IPv4 address"},
            {LeaseFile.JOURNAL_HEADER + "\n" + "xx:54:00:00:00:0a none\n" + B + " none\n", "not a MAC address"},
            {LeaseFile.JOURNAL_HEADER + "\n" + A + " 10.0.0.10 soon\n" + B + " none\n", "not an instant"},
        }) {
            Files.writeString(journal(), bad[0]);
            LeaseFileException e = assertThrows(LeaseFileException.class, () -> pool(new LeaseFile(snapshot())));
            assertTrue(e.getMessage().startsWith("the DHCP lease file " + journal() + " line "), e.getMessage());
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertTrue(e.getMessage().endsWith("fix it, or delete " + snapshot() + "* to start with no leases (every client then gets "
                    + "a new address)"), e.getMessage());
        }
    }

    @Test
    void compactionRunsInTheBackgroundAndEveryLeaseSurvivesIt() throws Exception {
        LeaseFile file = new LeaseFile(snapshot(), 4);
        List<Lease> given = new ArrayList<>();
        try (LeasePool pool = pool(file)) {
            for (int i = 0; i < 11; i++) {
                String mac = String.format("52:54:00:00:01:%02x", i);
                given.add(pool.acknowledge(mac, pool.offer(mac, null)));
                if (i == 5) {
                    file.awaitCompaction();
                    assertFalse(Files.exists(oldJournal()), "the journal set aside is deleted once the snapshot holds it");
                    assertEquals(4, Files.readAllLines(snapshot()).size() - 1, "the snapshot holds the first four leases");
                }
            }
            pool.release(given.get(0).mac(), given.get(0).address());
            file.awaitCompaction();
            assertTrue(Files.readAllLines(journal()).size() - 1 < 11, "the journal was compacted:\n" + Files.readString(journal()));
        }
        try (LeasePool reopened = pool(new LeaseFile(snapshot(), 4))) {
            List<Lease> expected = new ArrayList<>(given.subList(1, given.size()));
            expected.add(new Lease(given.get(0).mac(), given.get(0).address(), clock.instant()));
            assertEquals(expected.stream().map(LeaseFileTest::seconds).toList(), reopened.leases());
        }
    }

    /**
     * A crash can stop a compaction anywhere: the snapshot then holds the changes of a prefix of the old
     * journal and the journal, or all of the old journal, which was not deleted yet. Whatever the prefix,
     * the leases read back are those of every change, in order.
     */
    @Test
    void aCompactionCutShortAnywhereLosesNoLeaseAndResurrectsNone() throws Exception {
        Random random = new Random(20260101);
        List<String> macs = List.of(A, B, C, "52:54:00:00:00:0d");
        List<String> addresses = List.of("10.0.0.10", "10.0.0.11", "10.0.0.12");
        for (int round = 0; round < 400; round++) {
            List<String> changes = new ArrayList<>();
            int count = 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                String mac = macs.get(random.nextInt(macs.size()));
                changes.add(random.nextInt(4) == 0 ? mac + " none"
                        : mac + " " + addresses.get(random.nextInt(addresses.size())) + " 2026-01-01T00:" + (10 + i) + ":00Z");
            }
            int setAside = random.nextInt(count + 1);
            int inSnapshot = random.nextInt(count + 1);
            new LeaseFile(snapshot()).save(model(changes.subList(0, inSnapshot)));
            Files.deleteIfExists(oldJournal());
            if (setAside > 0 || random.nextBoolean()) {
                Files.writeString(oldJournal(), journalText(changes.subList(0, setAside)));
            }
            Files.writeString(journal(), journalText(changes.subList(setAside, count)));

            List<Lease> read = new LeaseFile(snapshot()).load();

            assertEquals(model(changes), read, "round " + round + ": snapshot of " + inSnapshot + ", old journal of " + setAside + " in "
                    + changes);
        }
    }

    /** What the changes make of no leases: each sets a client's lease outright, taking its address from any other client. */
    private static List<Lease> model(List<String> changes) {
        Map<String, Lease> leases = new LinkedHashMap<>();
        for (String change : changes) {
            String[] fields = change.split(" ");
            leases.remove(fields[0]);
            if (!fields[1].equals("none")) {
                Inet4Address address = ip(fields[1]);
                leases.values().removeIf(lease -> lease.address().equals(address));
                leases.put(fields[0], new Lease(fields[0], address, Instant.parse(fields[2])));
            }
        }
        return List.copyOf(leases.values());
    }

    private static String journalText(List<String> changes) {
        return LeaseFile.JOURNAL_HEADER + "\n" + String.join("", changes.stream().map(change -> change + "\n").toList());
    }

    private static Lease seconds(Lease lease) {
        return new Lease(lease.mac(), lease.address(), lease.expires().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void aClosedLeaseFileRecordsNothingSoNothingIsAcknowledged() throws Exception {
        LeaseFile file = new LeaseFile(snapshot());
        file.begin(List.of());
        file.record(new Lease(A, ip("10.0.0.10"), EXPIRES));
        file.close();
        assertThrows(IOException.class, () -> file.record(new Lease(B, ip("10.0.0.11"), EXPIRES)));
        assertEquals(List.of(new Lease(A, ip("10.0.0.10"), EXPIRES)), new LeaseFile(snapshot()).load());
    }
}
