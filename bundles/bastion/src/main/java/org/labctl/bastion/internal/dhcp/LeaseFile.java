package org.labctl.bastion.internal.dhcp;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The full-mode leases on disk: a snapshot and a journal of the changes made since.
 *
 * <p><b>The snapshot</b> ({@code dhcp-leases.txt}) holds one text line per client,
 * {@code MAC ADDRESS EXPIRES} (ISO-8601 instant), after a header line naming the format. It is
 * replaced as a whole (written to a temporary file in the same directory, forced to disk, moved over
 * the old one, the directory forced), so a crash leaves either the old or the new snapshot.
 *
 * <p><b>The journal</b> ({@code dhcp-leases.txt.journal}) gets one line per change, before the
 * client is answered: {@code MAC ADDRESS EXPIRES} (the client's lease is now this one, and nobody
 * else holds that address) or {@code MAC none} (the client has no lease). One small append and one
 * {@code fdatasync}, so an acknowledged lease survives a crash at the cost of one write, not of the
 * whole file. A crash in the middle of an append leaves a torn last line, which was never
 * acknowledged: it is ignored.
 *
 * <p><b>Compaction</b>: once the journal holds as many lines as the snapshot has leases (and at least
 * {@code compactAfter}), it is renamed {@code dhcp-leases.txt.journal.old}, a new journal takes the
 * appends, and a background thread writes the leases as they were at that moment as the new
 * snapshot (forced, renamed), and only then deletes the old journal. At start the leases are the
 * snapshot with the old journal (if any) and the journal replayed over it, in that order; they are
 * then written as a new snapshot and the journals are started afresh. Replaying a change the
 * snapshot holds already changes nothing (each line sets a client's lease outright), so a crash
 * anywhere in a compaction loses no lease and resurrects none.
 *
 * <p>A snapshot or journal that does not read as leases (other than a torn last journal line) is
 * refused ({@link LeaseFileException}) and the server does not start: starting with an empty pool
 * would give addresses that machines on the network still use to other machines. The message says
 * which file and line is wrong and that deleting the files makes every client take a new address.
 *
 * <p>Not thread-safe: the {@link LeasePool} calls it under its lock; the only other thread is the
 * compaction's, which touches the snapshot and the old journal, never the journal.
 */
public final class LeaseFile implements Closeable {

    private static final org.labctl.bastion.internal.Log LOG = org.labctl.bastion.internal.Log.of(LeaseFile.class);

    static final String HEADER = "# labctl bastion DHCP leases, version 1: MAC ADDRESS EXPIRES";
    static final String JOURNAL_HEADER = "# labctl bastion DHCP lease journal, version 1: MAC ADDRESS EXPIRES or MAC none, oldest first";
    static final String JOURNAL_SUFFIX = ".journal";
    static final String OLD_JOURNAL_SUFFIX = ".journal.old";
    /** The fewest journal lines a compaction waits for. */
    static final int COMPACT_AFTER = 1024;
    private static final String NONE = "none";
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Path file;
    private final Path journal;
    private final Path oldJournal;
    private final int compactAfter;
    private FileChannel out;
    private long journalBytes;
    private int sinceCompaction;
    private int snapshotLeases;
    private Thread compaction;

    public LeaseFile(Path file) {
        this(file, COMPACT_AFTER);
    }

    /** @param compactAfter the fewest journal lines a compaction waits for (tests make it small) */
    LeaseFile(Path file, int compactAfter) {
        this.file = file;
        this.journal = file.resolveSibling(file.getFileName() + JOURNAL_SUFFIX);
        this.oldJournal = file.resolveSibling(file.getFileName() + OLD_JOURNAL_SUFFIX);
        this.compactAfter = compactAfter;
    }

    public Path path() {
        return file;
    }

    Path journal() {
        return journal;
    }

    /**
     * The leases on disk, oldest first: the snapshot with the old journal and the journal replayed
     * over it; none when there is nothing yet. Reads only: {@link #begin} starts writing.
     */
    public List<Lease> load() throws IOException {
        Map<String, Lease> leases = new LinkedHashMap<>();
        for (Lease lease : loadSnapshot()) {
            leases.put(lease.mac(), lease);
        }
        Map<Inet4Address, String> holders = new HashMap<>();
        leases.values().forEach(lease -> holders.put(lease.address(), lease.mac()));
        replay(oldJournal, leases, holders);
        replay(journal, leases, holders);
        return List.copyOf(leases.values());
    }

    /**
     * Starts keeping these leases (what {@link #load} gave, less what the pool dropped): writes them as
     * the snapshot, deletes the journals and opens a new one for {@link #record}.
     */
    public void begin(Collection<Lease> leases) throws IOException {
        close();
        save(leases);
        // the snapshot holds every change of the journals now: a crash from here on replays them at most once more
        Files.deleteIfExists(oldJournal);
        Files.deleteIfExists(journal);
        out = createJournal();
        journalBytes = JOURNAL_HEADER.length() + 1;
        forceDirectory();
        sinceCompaction = 0;
        snapshotLeases = leases.size();
    }

    /** Records, durably, that this is the client's lease now: one line appended to the journal, then fdatasync. */
    public void record(Lease lease) throws IOException {
        append(line(lease));
    }

    /** Records, durably, that this client has no lease any more. */
    public void recordNone(String mac) throws IOException {
        append(mac + ' ' + NONE + '\n');
    }

    /**
     * Starts a compaction when the journal has grown enough and none runs: the journal is set aside
     * and a new one started here (a rename, a create and a directory sync, on the caller's thread, once
     * per {@code compactAfter} changes or more), the snapshot is written by a background thread.
     *
     * @param leases all the leases as they are now, which the journal set aside brought about; called
     *               here, under the caller's lock
     */
    void compactIfDue(Supplier<Collection<Lease>> leases) {
        if (out == null || sinceCompaction < Math.max(compactAfter, snapshotLeases) || compaction != null && compaction.isAlive()) {
            return;
        }
        sinceCompaction = 0;
        if (Files.exists(oldJournal)) {
            // the last compaction failed: the old journal stays until a snapshot holds its changes, and a
            // snapshot of now holds them (and some of the journal's, which a replay repeats harmlessly)
            compact(List.copyOf(leases.get()));
            return;
        }
        boolean moved = false;
        FileChannel next = null;
        try {
            Files.move(journal, oldJournal, StandardCopyOption.ATOMIC_MOVE); // the open channel follows it
            moved = true;
            next = createJournal();
            forceDirectory(); // both names are on disk before an acknowledgement depends on the new journal
        } catch (IOException e) {
            LOG.error("DHCP lease journal {} cannot be set aside for compaction: {}", journal, e.toString());
            undoRotation(moved, next);
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.debug("closing the old DHCP lease journal failed: {}", e.toString());
        }
        out = next;
        journalBytes = JOURNAL_HEADER.length() + 1;
        compact(List.copyOf(leases.get()));
    }

    /** Puts the journal back where appends go, or stops them: a compaction must not delete a journal still appended to. */
    private void undoRotation(boolean moved, FileChannel next) {
        try {
            if (next != null) {
                next.close();
            }
            if (moved) {
                Files.deleteIfExists(journal);
                Files.move(oldJournal, journal, StandardCopyOption.ATOMIC_MOVE);
                forceDirectory();
            }
        } catch (IOException e) {
            LOG.error("DHCP lease journal {} cannot be restored, no more leases are given until a restart: {}", journal, e.toString());
            try {
                out.close();
            } catch (IOException closing) {
                LOG.debug("closing the DHCP lease journal failed: {}", closing.toString());
            }
            out = null;
        }
    }

    /** A new, empty journal open for appends; its header is on disk, its name not yet (force the directory). */
    private FileChannel createJournal() throws IOException {
        FileChannel channel = FileChannel.open(journal, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            writeFully(channel, JOURNAL_HEADER + "\n");
            channel.force(false);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private void compact(List<Lease> leases) {
        snapshotLeases = leases.size();
        compaction = new Thread(() -> {
            try {
                save(leases);
                Files.deleteIfExists(oldJournal);
            } catch (IOException | RuntimeException e) {
                LOG.error("DHCP leases not compacted into {} (the journals keep them; tried again later): {}", file, e.toString());
            }
        }, "dhcp-lease-compaction");
        compaction.setDaemon(true);
        compaction.start();
    }

    /** Waits for a running compaction (tests, and {@link #close}). */
    void awaitCompaction() throws InterruptedException {
        Thread running = compaction;
        if (running != null) {
            running.join();
        }
    }

    /** Waits for a compaction to end and closes the journal; the leases are on disk already. */
    @Override
    public void close() throws IOException {
        try {
            awaitCompaction();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** Replaces the snapshot with these leases, atomically. */
    void save(Collection<Lease> leases) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Lease lease : leases) {
            text.append(line(lease));
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, text);
            channel.force(false); // fdatasync: the contents and their length, not the times
        }
        move(temporary, file);
        forceDirectory();
    }

    private void append(String line) throws IOException {
        if (out == null) {
            throw new IOException("the lease journal " + journal + " is not open");
        }
        try {
            writeFully(out, line);
        } catch (IOException e) {
            // a line half written (a full disk) would run into the next one: cut it off, or append no more
            try {
                out.truncate(journalBytes);
            } catch (IOException truncate) {
                e.addSuppressed(truncate);
                out.close();
                out = null;
            }
            throw e;
        }
        journalBytes += line.length();
        out.force(false);
        sinceCompaction++;
    }

    private static String line(Lease lease) {
        return lease.mac() + ' ' + lease.address().getHostAddress() + ' ' + lease.expires().truncatedTo(ChronoUnit.SECONDS) + '\n';
    }

    private List<Lease> loadSnapshot() throws IOException {
        List<String> lines = lines(file);
        if (lines == null) {
            return List.of();
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw corrupt(file, 1, "the first line is not \"" + HEADER + "\"");
        }
        List<Lease> leases = new ArrayList<>();
        Set<String> macs = new HashSet<>();
        Set<Inet4Address> addresses = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw corrupt(file, i + 1, "expected MAC ADDRESS EXPIRES, found " + fields.length + " fields");
            }
            Lease lease = parse(file, fields, i + 1);
            if (!macs.add(lease.mac())) {
                throw corrupt(file, i + 1, "MAC " + lease.mac() + " has a second lease");
            }
            if (!addresses.add(lease.address())) {
                throw corrupt(file, i + 1, "address " + fields[1] + " is leased twice");
            }
            leases.add(lease);
        }
        return leases;
    }

    /** Applies a journal's lines in order; its last line may be torn (a crash while appending it) and is then skipped. */
    private void replay(Path path, Map<String, Lease> leases, Map<Inet4Address, String> holders) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return;
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        boolean complete = text.endsWith("\n");
        String[] lines = text.split("\n", -1);
        int count = complete ? lines.length - 1 : lines.length;
        if (count == 0 || count == 1 && !complete && JOURNAL_HEADER.startsWith(lines[0])) {
            return; // created, crashed before its header was on disk: no change was recorded in it
        }
        if (!lines[0].equals(JOURNAL_HEADER)) {
            throw corrupt(path, 1, "the first line is not \"" + JOURNAL_HEADER + "\"");
        }
        for (int i = 1; i < count; i++) {
            boolean last = i == count - 1;
            try {
                apply(path, lines[i], i + 1, leases, holders);
            } catch (LeaseFileException e) {
                if (!last) {
                    throw e;
                }
                LOG.warn("DHCP lease journal {}: its last line, torn by a crash while it was written, is skipped: {}", path,
                        e.getMessage());
            }
        }
    }

    private void apply(Path path, String text, int number, Map<String, Lease> leases, Map<Inet4Address, String> holders)
            throws LeaseFileException {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7e || text.charAt(i) < 0x20) {
                throw corrupt(path, number, "it is not ASCII text");
            }
        }
        String[] fields = text.strip().split("\\s+");
        if (fields.length == 2 && fields[1].equals(NONE)) {
            if (!MAC.matcher(fields[0]).matches()) {
                throw corrupt(path, number, "\"" + fields[0] + "\" is not a MAC address like 52:54:00:12:34:56");
            }
            Lease gone = leases.remove(fields[0]);
            if (gone != null) {
                holders.remove(gone.address());
            }
            return;
        }
        if (fields.length != 3) {
            throw corrupt(path, number, "expected MAC ADDRESS EXPIRES or MAC none, found \"" + text + "\"");
        }
        Lease lease = parse(path, fields, number);
        Lease own = leases.remove(lease.mac());
        if (own != null) {
            holders.remove(own.address());
        }
        String holder = holders.remove(lease.address());
        if (holder != null) {
            leases.remove(holder); // an expired lease of another client, reclaimed
        }
        leases.put(lease.mac(), lease);
        holders.put(lease.address(), lease.mac());
    }

    private Lease parse(Path path, String[] fields, int number) throws LeaseFileException {
        if (!MAC.matcher(fields[0]).matches()) {
            throw corrupt(path, number, "\"" + fields[0] + "\" is not a MAC address like 52:54:00:12:34:56");
        }
        Inet4Address address = parseAddress(path, fields[1], number);
        try {
            return new Lease(fields[0], address, Instant.parse(fields[2]));
        } catch (DateTimeParseException e) {
            throw corrupt(path, number, "\"" + fields[2] + "\" is not an instant like 2026-01-31T12:00:00Z");
        }
    }

    /** The file's lines, or null when there is no file. */
    private List<String> lines(Path path) throws IOException {
        try {
            return Files.readAllLines(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.charset.MalformedInputException e) {
            throw corrupt(path, 0, "it is not ASCII text");
        }
    }

    private Inet4Address parseAddress(Path path, String text, int line) throws LeaseFileException {
        if (IPV4.matcher(text).matches()) {
            try {
                if (InetAddress.getByName(text) instanceof Inet4Address address) {
                    return address;
                }
            } catch (UnknownHostException e) {
                // falls through to the error below
            }
        }
        throw corrupt(path, line, "\"" + text + "\" is not an IPv4 address");
    }

    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeFully(FileChannel channel, CharSequence text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private LeaseFileException corrupt(Path path, int line, String what) {
        return new LeaseFileException("the DHCP lease file " + path + (line > 0 ? " line " + line : "") + " is corrupt: " + what
                + "; fix it, or delete " + file + "* to start with no leases (every client then gets a new address)");
    }
}
