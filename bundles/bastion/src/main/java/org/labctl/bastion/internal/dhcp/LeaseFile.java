package org.labctl.bastion.internal.dhcp;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The full-mode leases on disk: one text line per client, {@code MAC ADDRESS EXPIRES} (ISO-8601
 * instant), after a header line naming the format. The file is replaced as a whole (written to a
 * temporary file in the same directory, forced to disk, then moved over the old one), so a crash
 * leaves either the old or the new leases, never half of them.
 *
 * <p>A file that does not read as leases is refused ({@link LeaseFileException}) and the server
 * does not start: starting with an empty pool would give addresses that machines on the network
 * still use to other machines. The message says which line is wrong and that deleting the file
 * makes every client take a new address.
 */
public final class LeaseFile {

    static final String HEADER = "# labctl bastion DHCP leases, version 1: MAC ADDRESS EXPIRES";
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Path file;

    public LeaseFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The leases in the file; none when there is no file yet. */
    public List<Lease> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (java.nio.charset.MalformedInputException e) {
            throw corrupt(0, "it is not ASCII text");
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw corrupt(1, "the first line is not \"" + HEADER + "\"");
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
                throw corrupt(i + 1, "expected MAC ADDRESS EXPIRES, found " + fields.length + " fields");
            }
            if (!MAC.matcher(fields[0]).matches()) {
                throw corrupt(i + 1, "\"" + fields[0] + "\" is not a MAC address like 52:54:00:12:34:56");
            }
            Inet4Address address = parseAddress(fields[1], i + 1);
            Instant expires;
            try {
                expires = Instant.parse(fields[2]);
            } catch (DateTimeParseException e) {
                throw corrupt(i + 1, "\"" + fields[2] + "\" is not an instant like 2026-01-31T12:00:00Z");
            }
            if (!macs.add(fields[0])) {
                throw corrupt(i + 1, "MAC " + fields[0] + " has a second lease");
            }
            if (!addresses.add(address)) {
                throw corrupt(i + 1, "address " + fields[1] + " is leased twice");
            }
            leases.add(new Lease(fields[0], address, expires));
        }
        return leases;
    }

    /** Replaces the file with these leases, atomically. */
    public void save(Collection<Lease> leases) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Lease lease : leases) {
            text.append(lease.mac()).append(' ').append(lease.address().getHostAddress()).append(' ')
                    .append(lease.expires().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false); // fdatasync: the contents and their length, not the times
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Inet4Address parseAddress(String text, int line) throws LeaseFileException {
        if (IPV4.matcher(text).matches()) {
            try {
                if (InetAddress.getByName(text) instanceof Inet4Address address) {
                    return address;
                }
            } catch (UnknownHostException e) {
                // falls through to the error below
            }
        }
        throw corrupt(line, "\"" + text + "\" is not an IPv4 address");
    }

    private LeaseFileException corrupt(int line, String what) {
        return new LeaseFileException("the DHCP lease file " + file + (line > 0 ? " line " + line : "") + " is corrupt: " + what
                + "; fix it, or delete it to start with no leases (every client then gets a new address)");
    }
}
