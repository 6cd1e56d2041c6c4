package org.labctl.ca.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Edits a Karaf {@code etc/*.cfg} file in place: sets keys, keeps every other line (comments,
 * {@code ${env:…}} placeholders, settings a test or an operator made) as it is. Writes atomically,
 * and only when something changed, since Karaf applies the file on every change.
 */
final class CfgFile {

    private CfgFile() {
    }

    /** @return whether the file changed */
    static boolean set(Path file, Map<String, String> values, boolean privateFile) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String replaced = line;
            for (Map.Entry<String, String> entry : values.entrySet()) {
                if (Pattern.compile("^\\s*" + Pattern.quote(entry.getKey()) + "\\s*[=:]").matcher(line).find()) {
                    replaced = entry.getKey() + " = " + entry.getValue();
                    pending.remove(entry.getKey());
                }
            }
            out.add(replaced);
        }
        pending.forEach((key, value) -> out.add(key + " = " + value));
        if (out.equals(lines)) {
            return false;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (privateFile) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(tmp, out, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    /** The raw value of {@code key}, placeholders not resolved; null when absent. */
    static String get(Path file, String key) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Pattern pattern = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:]\\s*(.*)$");
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var matcher = pattern.matcher(line);
            if (matcher.find()) {
                return matcher.group(1).trim();
            }
        }
        return null;
    }
}
