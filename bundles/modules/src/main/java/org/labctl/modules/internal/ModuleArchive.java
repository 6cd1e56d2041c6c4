package org.labctl.modules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.labctl.api.Failure;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LabException;
import org.labctl.modules.ModuleDescriptor;

/**
 * A module's directory as it travels to labd: a zip archive (a {@code .kar} is one too) holding
 * {@code module.yaml} and the files beside it, at the top or inside one folder. Read by hand from its central
 * directory rather than with {@link java.util.zip.ZipInputStream}, so that what the archive says of each entry is
 * checked before anything is unpacked:
 * <ul>
 *   <li>names: relative, no {@code ..}, no backslash, no control characters, not too long, each once;</li>
 *   <li>kinds: plain files and folders only (a symbolic link, marked in the entry's Unix mode, is refused);</li>
 *   <li>sizes: at most {@link #MAX_ENTRIES} entries, at most {@link #MAX_BYTES} bytes unpacked in all, counted while
 *       inflating (an entry that inflates past the size it declares is refused), each entry's CRC checked;</li>
 *   <li>no encryption, no ZIP64, no entry whose local header disagrees with the central directory.</li>
 * </ul>
 * Refusals are {@link InvalidArgument} (400), or 413 for sizes.
 */
public final class ModuleArchive {

    /** The most bytes of a module's files, unpacked (64 MiB). */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** The most entries of an archive (files and folders). */
    public static final int MAX_ENTRIES = 512;
    /** The most characters of an entry's name. */
    public static final int MAX_NAME = 255;

    private static final int EOCD = 0x06054b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int UNIX = 3;
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;

    private ModuleArchive() {
    }

    /**
     * The files of the module in a zip archive: those in the folder of its {@code module.yaml} (not in folders
     * below it), by name, in the archive's order. Everything in the archive is checked, also what is left out.
     *
     * @param maxArchive the most bytes of the archive itself (more: 413)
     * @throws InvalidArgument when the archive is not a zip, is malformed, or breaks a rule above
     */
    public static Map<String, byte[]> read(InputStream archive, long maxArchive) throws IOException {
        byte[] bytes = archive.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxArchive + 1));
        if (bytes.length > maxArchive) {
            throw tooLarge("the archive is larger than " + maxArchive + " bytes");
        }
        return read(bytes);
    }

    /** {@link #read(InputStream, long)} of an archive in memory. */
    public static Map<String, byte[]> read(byte[] archive) {
        ByteBuffer zip = ByteBuffer.wrap(archive).order(ByteOrder.LITTLE_ENDIAN);
        int end = endOfCentralDirectory(zip);
        int entries = zip.getShort(end + 10) & 0xffff;
        long size = zip.getInt(end + 12) & 0xffffffffL;
        long offset = zip.getInt(end + 16) & 0xffffffffL;
        if (entries == 0xffff || size == 0xffffffffL || offset == 0xffffffffL) {
            throw bad("it is a ZIP64 archive; a module is at most 64 MiB and needs none: zip it with plain zip");
        }
        if (entries > MAX_ENTRIES) {
            throw bad("it has " + entries + " entries; a module's archive has at most " + MAX_ENTRIES);
        }
        if (offset + size > end) {
            throw bad("its central directory lies outside the archive");
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        Set<String> folders = new HashSet<>();
        long unpacked = 0;
        int at = (int) offset;
        for (int i = 0; i < entries; i++) {
            Entry entry = centralEntry(zip, at, end);
            at = entry.next;
            if (entry.folder) {
                folders.add(entry.name);
                continue;
            }
            if (all.containsKey(entry.name) || folders.contains(entry.name + "/")) {
                throw bad(quote(entry.name) + " is in it twice");
            }
            if (unpacked + entry.size > MAX_BYTES) {
                throw tooLarge("its files unpack to more than " + MAX_BYTES + " bytes (64 MiB), the most a module has");
            }
            byte[] content = content(zip, entry, MAX_BYTES - unpacked);
            unpacked += content.length;
            all.put(entry.name, content);
        }
        return moduleFiles(all);
    }

    /** The files beside the one {@code module.yaml}, by their names there. */
    private static Map<String, byte[]> moduleFiles(Map<String, byte[]> all) {
        String root = null;
        for (String name : all.keySet()) {
            if (name.equals(ModuleDescriptor.FILE) || name.endsWith("/" + ModuleDescriptor.FILE)) {
                String folder = name.substring(0, name.length() - ModuleDescriptor.FILE.length());
                if (folder.chars().filter(c -> c == '/').count() > 1) {
                    continue; // module.yaml deeper than one folder is not the module's (a test fixture, an example)
                }
                if (root != null && !root.equals(folder)) {
                    throw bad("it holds two modules (" + quote(root + ModuleDescriptor.FILE) + " and " + quote(name)
                            + "); an archive holds one module's directory");
                }
                root = folder;
            }
        }
        if (root == null) {
            throw bad("it holds no " + ModuleDescriptor.FILE + ", at its top or in one folder; a module's archive is its "
                    + "directory (module.yaml, its jars, features.xml) zipped");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : all.entrySet()) {
            String name = file.getKey();
            if (name.startsWith(root) && name.indexOf('/', root.length()) < 0) {
                files.put(name.substring(root.length()), file.getValue());
            }
        }
        return Collections.unmodifiableMap(files);
    }

    private static int endOfCentralDirectory(ByteBuffer zip) {
        int limit = zip.capacity();
        if (limit < 22) {
            throw bad("it is not a zip archive (too short); send the module's directory as a .zip or .kar");
        }
        // the record is 22 bytes and a comment of at most 65535
        for (int at = limit - 22; at >= Math.max(0, limit - 22 - 65535); at--) {
            if (zip.getInt(at) == EOCD && at + 22 + (zip.getShort(at + 20) & 0xffff) == limit) {
                if ((zip.getShort(at + 4) & 0xffff) != 0 || (zip.getShort(at + 6) & 0xffff) != 0
                        || zip.getShort(at + 8) != zip.getShort(at + 10)) {
                    throw bad("it spans several disks");
                }
                return at;
            }
        }
        throw bad("it is not a zip archive (no end of central directory); send the module's directory as a .zip or .kar");
    }

    private record Entry(String name, boolean folder, int method, long compressed, long size, long crc, int local,
                         int next) {
    }

    private static Entry centralEntry(ByteBuffer zip, int at, int end) {
        if (at + 46 > end || zip.getInt(at) != CENTRAL) {
            throw bad("its central directory is malformed");
        }
        int madeBy = (zip.getShort(at + 4) & 0xffff) >> 8;
        int flags = zip.getShort(at + 8) & 0xffff;
        int method = zip.getShort(at + 10) & 0xffff;
        long crc = zip.getInt(at + 16) & 0xffffffffL;
        long compressed = zip.getInt(at + 20) & 0xffffffffL;
        long size = zip.getInt(at + 24) & 0xffffffffL;
        int nameLength = zip.getShort(at + 28) & 0xffff;
        int extraLength = zip.getShort(at + 30) & 0xffff;
        int commentLength = zip.getShort(at + 32) & 0xffff;
        long external = zip.getInt(at + 38) & 0xffffffffL;
        long local = zip.getInt(at + 42) & 0xffffffffL;
        int next = at + 46 + nameLength + extraLength + commentLength;
        if (next > end) {
            throw bad("its central directory is malformed");
        }
        byte[] raw = new byte[nameLength];
        zip.get(at + 46, raw);
        String name = name(raw);
        if ((flags & 1) != 0) {
            throw bad(quote(name) + " is encrypted");
        }
        if (compressed == 0xffffffffL || size == 0xffffffffL || local == 0xffffffffL) {
            throw bad(quote(name) + " is a ZIP64 entry");
        }
        boolean folder = name.endsWith("/");
        if (madeBy == UNIX) {
            int type = (int) (external >>> 16) & TYPE_MASK;
            if (type != 0 && type != REGULAR && type != DIRECTORY) {
                throw bad(quote(name) + (type == 0120000 ? " is a symbolic link" : " is not a plain file")
                        + "; a module's archive holds plain files only");
            }
            if (type == DIRECTORY && !folder) {
                throw bad(quote(name) + " is a folder without a trailing '/'");
            }
        }
        if (folder && size != 0) {
            throw bad(quote(name) + " is a folder with content");
        }
        if (!folder && method != 0 && method != 8) {
            throw bad(quote(name) + " is compressed with method " + method + "; only stored (0) and deflated (8) are read");
        }
        return new Entry(name, folder, method, compressed, size, crc, (int) local, next);
    }

    /** An entry's name, refused unless it is a relative path that stays inside the archive's folder. */
    static String name(byte[] raw) {
        String name = new String(raw, StandardCharsets.UTF_8);
        if (raw.length == 0 || name.length() > MAX_NAME) {
            throw bad("an entry's name is empty or longer than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == ':' || c == '\ufffd') {
                throw bad(quote(name) + " is not a file name for a module (a control character, '\\', ':' or bad UTF-8)");
            }
        }
        if (name.startsWith("/")) {
            throw bad(quote(name) + " is an absolute path; names in the archive are relative to it");
        }
        List<String> segments = List.of(name.split("/", -1));
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && !last)) {
                throw bad(quote(name) + " leads out of the archive's folder or is not a plain path (no '.', '..' or '//')");
            }
        }
        return name;
    }

    private static byte[] content(ByteBuffer zip, Entry entry, long budget) {
        int at = entry.local;
        if (at + 30 > zip.capacity() || zip.getInt(at) != LOCAL) {
            throw bad(quote(entry.name) + ": its local header is missing");
        }
        int nameLength = zip.getShort(at + 26) & 0xffff;
        int extraLength = zip.getShort(at + 28) & 0xffff;
        byte[] raw = new byte[nameLength];
        if (at + 30 + nameLength > zip.capacity()) {
            throw bad(quote(entry.name) + ": its local header is cut off");
        }
        zip.get(at + 30, raw);
        if (!new String(raw, StandardCharsets.UTF_8).equals(entry.name)) {
            throw bad(quote(entry.name) + ": its local header names another file");
        }
        long start = (long) at + 30 + nameLength + extraLength;
        if (start + entry.compressed > zip.capacity()) {
            throw bad(quote(entry.name) + ": its data is cut off");
        }
        byte[] data = new byte[(int) entry.compressed];
        zip.get((int) start, data);
        byte[] content = entry.method == 0 ? data : inflate(entry, data, Math.min(budget, entry.size));
        if (content.length != entry.size) {
            throw bad(quote(entry.name) + ": it holds " + content.length + " bytes, not the " + entry.size + " it declares");
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        if (crc.getValue() != entry.crc) {
            throw bad(quote(entry.name) + ": its CRC does not match its content (a damaged archive)");
        }
        return content;
    }

    private static byte[] inflate(Entry entry, byte[] data, long most) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(most, 1 << 20));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw bad(quote(entry.name) + ": its compressed data is cut off");
                }
                if (out.size() + n > most) {
                    throw entry.size > most || out.size() + n > entry.size
                            ? bad(quote(entry.name) + ": it inflates past the " + entry.size + " bytes it declares")
                            : tooLarge("its files unpack to more than " + MAX_BYTES + " bytes (64 MiB), the most a module has");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw bad(quote(entry.name) + ": its compressed data is malformed (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    private static InvalidArgument bad(String why) {
        return new InvalidArgument("the module's archive is refused: " + why);
    }

    private static LabException tooLarge(String why) {
        return LabException.of(Failure.PAYLOAD_TOO_LARGE, "the module's archive is refused: " + why);
    }

    private static String quote(String name) {
        return Text.quote(name);
    }
}
