package org.labctl.module.k3s.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * k3s's configuration file ({@code /etc/rancher/k3s/config.yaml}): one key per line, as k3s's flags are named
 * ({@code node-name}, {@code tls-san}), each value written as JSON, which YAML reads as it is, so that no value can
 * break out of its line. The file may hold the cluster's token: it is written 0600, atomically.
 */
public final class ConfigFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFile() {
    }

    /** The file's text for these entries, in their order; entries whose value is null or empty are left out. */
    public static String render(Map<String, Object> entries) {
        StringBuilder text = new StringBuilder("# written by labctl's k3s module: changes here are overwritten\n");
        entries.forEach((key, value) -> {
            if (!present(value)) {
                return;
            }
            try {
                text.append(key).append(": ").append(JSON.writeValueAsString(value)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(key + ": cannot be written to k3s's config: " + e.getOriginalMessage());
            }
        });
        return text.toString();
    }

    /** The keys {@link #render} writes (those with a value), in order: what the log may say, never the values. */
    public static List<String> keys(Map<String, Object> entries) {
        return entries.entrySet().stream().filter(entry -> present(entry.getValue())).map(Map.Entry::getKey).toList();
    }

    private static boolean present(Object value) {
        return !(value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty());
    }

    /**
     * Writes {@code text} to {@code file} (0600, through a temporary file beside it) unless it already says exactly
     * that.
     *
     * @return whether the file changed
     */
    public static boolean write(Path file, String text) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".labctl-tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }
}
