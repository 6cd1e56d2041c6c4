package org.labctl.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.cli.ClientVersion;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl modules new NAME}: a new module's project, which builds and passes its test as it is. */
@Command(name = "new",
        description = {
            "Create a new module's project in ./NAME (or --dir).",
            "It is a Maven project whose parent is labctl's module parent POM, with",
            "module.yaml, the agent side (a Module component) and a test that runs the",
            "built module in a runtime like lab-agent's. 'mvn install' in it builds",
            "target/module, what 'labctl modules add' takes. Nothing is written when the",
            "directory exists and is not empty. Needs no labd."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules new chrony",
            "  labctl modules new node-exporter --group com.example.ops",
            "  cd chrony && mvn install && labctl modules add target/module"})
public final class ModulesNewCommand implements Callable<Integer> {

    private final Printer printer;

    @Parameters(paramLabel = "NAME", description = "The module's name: 1 to 63 of a-z, 0-9 and '-', starting and ending with a letter or digit.")
    private String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the project (default: ./NAME).")
    private Path dir;

    @Option(names = "--package", paramLabel = "PACKAGE", description = "The Java package (default: org.example.modules.NAME).")
    private String javaPackage;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "org.example.modules",
            description = "The Maven groupId (default: ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = "1.0.0",
            description = "The module's first version, MAJOR.MINOR.MICRO (default: ${DEFAULT-VALUE}).")
    private String version;

    @Option(names = "--labctl-version", paramLabel = "VERSION",
            description = "The labctl release whose module parent and API the project uses (default: this labctl's).")
    private String labctlVersion;

    @Mixin
    private HelpMixin help;

    public ModulesNewCommand(Printer printer) {
        this.printer = printer;
    }

    @Override
    public Integer call() {
        if (!ModuleScaffold.NAME.matcher(name).matches()) {
            throw new LabctlException(ExitCode.USAGE, "NAME '" + name + "' is not a module name: 1 to 63 of a-z, 0-9 and '-', "
                    + "starting and ending with a letter or digit");
        }
        String pkg = javaPackage == null ? ModuleScaffold.defaultPackage(name) : javaPackage;
        if (!ModuleScaffold.PACKAGE.matcher(pkg).matches() || pkg.length() > 200) {
            throw new LabctlException(ExitCode.USAGE, "--package '" + pkg + "' is not a Java package name (lower case, such as com.example.chrony)");
        }
        if (!ModuleScaffold.PACKAGE.matcher(group).matches() || group.length() > 200) {
            throw new LabctlException(ExitCode.USAGE, "--group '" + group + "' is not a Maven groupId (such as com.example.ops)");
        }
        if (!ModuleScaffold.VERSION.matcher(version).matches()) {
            throw new LabctlException(ExitCode.USAGE, "--version '" + version + "' is not MAJOR.MINOR.MICRO, such as 1.0.0");
        }
        String labctl = labctlVersion != null ? labctlVersion : ClientVersion.current();
        if (ClientVersion.DEVELOPMENT.equals(labctl) || !labctl.matches("[0-9A-Za-z.+-]{1,64}")) {
            throw new LabctlException(ExitCode.USAGE, "this labctl does not know its release; say which with --labctl-version");
        }
        Path target = dir != null ? dir : Path.of(name);
        try {
            if (Files.exists(target) && (!Files.isDirectory(target) || hasEntries(target))) {
                throw new LabctlException(ExitCode.ERROR, target + " exists and is not an empty directory; nothing written");
            }
            Map<String, String> files = ModuleScaffold.files(name, pkg, group, version, labctl);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = target.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            printer.line("module " + name + " " + version + " created in " + target + " (" + files.size() + " files)");
            printer.line("next: cd " + target + " && mvn install && labctl modules add target/module");
        } catch (IOException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot write the module's project in " + target + ": " + e.getMessage(), e);
        }
        return ExitCode.OK;
    }

    private static boolean hasEntries(Path directory) throws IOException {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        }
    }
}
