package org.labctl.modules.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zip archives for tests, and surgery on their central directory to make the ones a careful zip tool never writes. */
final class Zips {

    private Zips() {
    }

    /** An archive of these entries (a name ending in '/' is a folder), in order. */
    static byte[] of(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> files(Object... nameAndContent) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Object content = nameAndContent[i + 1];
            files.put((String) nameAndContent[i], content instanceof byte[] b ? b : content.toString().getBytes());
        }
        return files;
    }

    /** A jar's bytes (a zip with a manifest). */
    static byte[] jar(String name) {
        return of(files("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: " + name + "\n"));
    }

    /** The offset of the central directory entry of {@code name}. */
    static int central(byte[] zip, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 46 < zip.length; at++) {
            if (buffer.getInt(at) == 0x02014b50) {
                int length = buffer.getShort(at + 28) & 0xffff;
                if (new String(zip, at + 46, length).equals(name)) {
                    return at;
                }
            }
        }
        throw new IllegalArgumentException(name + " is not in the archive");
    }

    /** Marks the entry as made on Unix with this mode (0120777 for a symbolic link). */
    static byte[] unixMode(byte[] zip, String name, int mode) {
        byte[] copy = zip.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        int at = central(copy, name);
        buffer.putShort(at + 4, (short) ((3 << 8) | 20));
        buffer.putInt(at + 38, mode << 16);
        return copy;
    }

    /** Sets the uncompressed size the central directory declares for the entry. */
    static byte[] declaredSize(byte[] zip, String name, int size) {
        byte[] copy = zip.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(central(copy, name) + 24, size);
        return copy;
    }

    /** Renames an entry in its local and central headers (same length), as no zip tool would. */
    static byte[] rename(byte[] zip, String from, String to) {
        byte[] copy = zip.clone();
        byte[] source = from.getBytes();
        byte[] target = to.getBytes();
        for (int at = 0; at + source.length <= copy.length; at++) {
            if (java.util.Arrays.equals(copy, at, at + source.length, source, 0, source.length)) {
                System.arraycopy(target, 0, copy, at, target.length);
            }
        }
        return copy;
    }

    /** Sets the entry's general purpose flags (bit 0: encrypted). */
    static byte[] flags(byte[] zip, String name, int flags) {
        byte[] copy = zip.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(central(copy, name) + 8, (short) flags);
        return copy;
    }
}
