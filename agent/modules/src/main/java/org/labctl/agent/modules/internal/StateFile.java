package org.labctl.agent.modules.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent has, in {@code <data>/modules/state.json}: each module it manages, in order, as labd
 * sent it (name, version, parameters, bundles with their SHA-256), and whether it is being removed. A
 * restarted agent (whose OSGi runtime starts empty) puts them back from it, re-verifying every file
 * against the digests recorded here, before labd is even reachable. Written atomically after each change.
 */
final class StateFile {

    /** One module the agent manages: its bundles are loaded (or were being), or it is being removed. */
    record Entry(ModuleSpec spec, boolean removing) {
    }

    private final Path file;

    StateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    /** The modules recorded, in order; none when there is no file yet. */
    List<Entry> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = ModulesJson.MAPPER.readTree(Files.readAllBytes(file));
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        List<ModuleSpec> specs = ModulesJson.modules(root.path("modules"), file.toString());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            entries.add(new Entry(specs.get(i), root.path("modules").get(i).path("removing").asBoolean(false)));
        }
        return entries;
    }

    synchronized void write(List<Entry> entries) throws IOException {
        ObjectNode root = ModulesJson.MAPPER.createObjectNode();
        ArrayNode modules = root.putArray("modules");
        for (Entry entry : entries) {
            ObjectNode module = ModulesJson.toJson(entry.spec());
            if (entry.removing()) {
                module.put("removing", true);
            }
            modules.add(module);
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // it holds the modules' parameters, secrets among them: readable by the agent's user alone
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(tmp, ModulesJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
