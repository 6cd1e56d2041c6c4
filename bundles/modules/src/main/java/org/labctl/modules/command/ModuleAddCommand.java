package org.labctl.modules.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.labctl.api.InvalidArgument;
import org.labctl.api.ModuleInfo;
import org.labctl.api.NotFoundException;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.modules.ModuleDirectory;
import org.labctl.modules.Parameters;
import org.labctl.modules.internal.ModuleArchive;
import org.labctl.modules.internal.ModuleService;

/**
 * {@code lab:module-add PATH}: as {@code labctl modules add}, from a module's directory or a {@code .zip} or {@code .kar}
 * of one on labd's host (an air-gapped site's way in). labd reads PATH only once the gate has allowed the command, and
 * takes from a directory only the module's own files (module.yaml, its agent bundles, features.xml).
 */
@Service
@Command(scope = "lab", name = "module-add",
        description = "Adds (or upgrades) a module from a directory, .zip or .kar on labd's host (needs manage:*:*:modules and apply on the servers it targets)")
public class ModuleAddCommand implements Action {

    @Reference
    ModuleService modules;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "path", required = true, description = "the module's directory, or a .zip or .kar of it, on labd's host")
    @Completion(FileCompleter.class)
    String path;

    @Option(name = "--set", multiValued = true, description = "a parameter's value, NAME=VALUE (repeat for several)")
    List<String> sets;

    @Override
    public Object execute() {
        if (sets != null && sets.size() > Parameters.MAX_ASSIGNMENTS) {
            throw new InvalidArgument(sets.size() + " --set assignments; at most " + Parameters.MAX_ASSIGNMENTS);
        }
        ModuleInfo module = shell.run(OperatorShell.line("lab:module-add", assignments(), path), new Gate.Request("module", "manage", ""),
                access -> {
                    Upload upload = upload(Path.of(path));
                    try (InputStream archive = new ByteArrayInputStream(upload.zip())) {
                        return modules.add(archive, ModuleArchive.MAX_BYTES + 1024 * 1024,
                                new ModuleService.Upload(upload.source(), null, null, sets, upload.digests()), access);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        System.out.println(ModuleShellText.changed(module, module.previousVersion() == null ? "added"
                : "in force (upgraded from " + module.previousVersion() + ")") + "; it targets " + ModuleShellText.orNone(module.targets())
                + ": " + module.servers() + " server" + (module.servers() == 1 ? "" : "s"));
        return null;
    }

    /** {@code --set NAME=…} for each assignment: the audit log names the parameters set, never their values. */
    private List<String> assignments() {
        List<String> words = new java.util.ArrayList<>();
        for (String set : sets == null ? List.<String>of() : sets) {
            int equals = set.indexOf('=');
            words.add("--set");
            words.add((equals < 0 ? set : set.substring(0, equals)) + "=…");
        }
        return words;
    }

    /** What labd is given: the archive, where it came from and, for a directory, each file's digest as read here. */
    record Upload(byte[] zip, String source, Map<String, String> digests) {
    }

    static Upload upload(Path path) {
        try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return directory(path);
            }
            String lower = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotFoundException(path + ": no such directory or file on labd's host; PATH is a module's directory or "
                        + "a .zip or .kar of it");
            }
            if (!lower.endsWith(".zip") && !lower.endsWith(".kar")) {
                throw new InvalidArgument(path + " is neither a module's directory nor a .zip or .kar of one");
            }
            if (Files.size(path) > ModuleArchive.MAX_BYTES + 1024 * 1024) {
                throw new InvalidArgument(path + " is larger than labd takes (a module is at most 64 MiB)");
            }
            return new Upload(Files.readAllBytes(path), lower.endsWith(".kar") ? "upload:kar" : "upload:zip", null);
        } catch (IOException e) {
            throw new InvalidArgument("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** The module's own files of a directory (those {@link ModuleDirectory} names), zipped. */
    private static Upload directory(Path directory) throws IOException {
        ModuleDirectory module = ModuleDirectory.read(directory);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (String file : module.files().keySet()) {
                out.putNextEntry(new ZipEntry(file));
                Files.copy(directory.resolve(file), out);
                out.closeEntry();
            }
        }
        return new Upload(zip.toByteArray(), "upload:dir", module.files());
    }
}
