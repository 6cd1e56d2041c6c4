package org.labctl.agent.modules.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.labctl.api.module.ModuleFiles;

/**
 * Where modules live in the agent's data directory ({@code <data>/modules}): {@code state.json} (what the
 * agent has, to put back after a restart), and per module {@code <name>/<version>/<file>} (its verified
 * bundles), {@code <name>/data/} (its {@link org.labctl.api.module.ModuleContext#dataDirectory() data
 * directory}) and {@code <name>/module.log} (what it did: {@code labctl logs module/NAME}, read by the agent's logs
 * handler: the layout is {@link ModuleFiles}, shared with it). Names,
 * versions and files are checked ({@link ModulesJson}) before they become paths.
 */
record ModulePlaces(Path root) {

    /** The modules directory of an agent data directory. */
    static ModulePlaces of(Path agentData) {
        return new ModulePlaces(ModuleFiles.root(agentData));
    }

    Path state() {
        return root.resolve("state.json");
    }

    Path module(String name) {
        return root.resolve(name);
    }

    Path version(String name, String version) {
        return module(name).resolve(version);
    }

    Path file(String name, String version, String file) {
        return version(name, version).resolve(file);
    }

    Path data(String name) {
        return module(name).resolve("data");
    }

    Path log(String name) {
        return module(name).resolve(ModuleFiles.LOG);
    }

    /** Deletes what a module left but its log: its bundles' files and its data directory. */
    void deleteAllButLog(String name) throws IOException {
        Path module = module(name);
        if (!Files.isDirectory(module, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(module)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (!file.equals(ModuleFiles.LOG) && !file.equals(ModuleFiles.ROTATED_LOG)) {
                    delete(entry);
                }
            }
        }
    }

    /** Deletes a file or a directory tree; links are deleted, never followed. */
    static void delete(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    delete(entry);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
