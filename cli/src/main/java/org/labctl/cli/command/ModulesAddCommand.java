package org.labctl.cli.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Mappers;
import org.labctl.cli.ModuleSource;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl modules add SOURCE}: add a module, or upgrade it to the version SOURCE holds. */
@Command(name = "add",
        description = {
            "Add a module, or upgrade one to the newer version SOURCE holds.",
            "SOURCE is a module's directory, a .zip or .kar of one, or a git repository",
            "holding one: git+file://PATH@REF or git+https://URL@REF, where REF is a tag,",
            "a branch or a commit. labctl clones it with git, records the commit REF is",
            "at and uploads that tree's module directory (--path DIR inside it). Or a",
            "Maven artifact, mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]] (TYPE zip, the",
            "default, or kar; a release, not a SNAPSHOT or a range), which labd fetches",
            "from its module repositories (labctl modules repos) and verifies. labd",
            "checks module.yaml, the files' SHA-256, the parameters (--set NAME=VALUE",
            "over the values of -f FILE, else the defaults), the modules it needs and",
            "your right to apply it on every server it targets, before it stores",
            "anything. An upgrade keeps the version it replaces for a rollback."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules add ./chrony --set zone=Europe/Paris --set maxOffsetMs=50",
            "  labctl modules add chrony-1.2.0.zip -f chrony-values.yaml",
            "  labctl modules add git+file:///srv/modules/chrony.git@v1.2.0",
            "  labctl modules add git+file:///srv/git/ops.git@main --path chrony -o json",
            "  labctl modules add mvn:org.example.lab/chrony/1.2.0 --set zone=Europe/Paris"})
public final class ModulesAddCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "SOURCE", description = "A module's directory, a .zip or .kar of it, git+file://PATH@REF, "
            + "git+https://URL@REF, or mvn:GROUP/ARTIFACT/VERSION[/TYPE[/CLASSIFIER]].")
    private String source;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A parameter's value (repeatable); over -f's.")
    private List<String> sets = new ArrayList<>();

    @Option(names = {"-f", "--values"}, paramLabel = "FILE", description = "A YAML or JSON file of parameter values by name.")
    private Path values;

    @Option(names = "--path", paramLabel = "DIR", description = "The module's directory inside a git repository (default: its top).")
    private String path;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public ModulesAddCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        print(printer, output.format(), send(connection, source, path, values, sets, null));
        return ExitCode.OK;
    }

    /**
     * Checks the options, reads SOURCE and sends it to labd.
     *
     * @param upgrading the installed module SOURCE must hold a newer version of (labctl modules upgrade), or null
     */
    static ModuleInfo send(ConfigMixin connection, String source, String path, Path values, List<String> sets, String upgrading) {
        for (String set : sets) {
            if (set.indexOf('=') <= 0) {
                throw new LabctlException(ExitCode.USAGE, "--set " + set + " is not NAME=VALUE");
            }
        }
        Map<String, Object> given = values == null ? null : readValues(values);
        if (source.startsWith("mvn:")) {
            if (path != null) {
                throw new LabctlException(ExitCode.USAGE, "--path is for a git SOURCE (git+file://PATH@REF): a Maven "
                        + "artifact is the module's zip or kar itself");
            }
            if (upgrading != null) {
                String[] coordinates = source.substring("mvn:".length()).split("/");
                if (coordinates.length < 3 || !coordinates[1].equals(upgrading)) {
                    throw new LabctlException(ExitCode.USAGE, source + " is not an artifact named " + upgrading
                            + ": to upgrade a module from Maven, its artifactId is the module's name");
                }
                installed(connection, upgrading, source);
            }
            return connection.connect().addModuleFrom(source, given, sets);
        }
        ModuleSource module = ModuleSource.read(source, path);
        if (upgrading != null) {
            String holds = module.moduleName();
            if (!upgrading.equals(holds)) {
                throw new LabctlException(ExitCode.USAGE, source + " holds module " + holds + ", not " + upgrading + "; nothing sent");
            }
            installed(connection, upgrading, source);
        }
        return connection.connect().addModule(module.zip(), module.source(), module.commit(), given, sets, module.digests());
    }

    private static void installed(ConfigMixin connection, String name, String source) {
        try {
            connection.connect().module(name);
        } catch (LabctlException e) {
            if (e.exitCode() == ExitCode.NOT_FOUND) {
                throw new LabctlException(ExitCode.NOT_FOUND, "module " + name + " is not installed: labctl modules add "
                        + source + " adds it");
            }
            throw e;
        }
    }

    static void print(Printer printer, OutputFormat format, ModuleInfo added) {
        if (!format.human()) {
            printer.document(added, format);
            return;
        }
        printer.line("module " + added.name() + " " + added.version() + (added.previousVersion() == null ? " added"
                : " in force (" + added.previousVersion() + " kept for a rollback)")
                + (added.commit() == null ? "" : " from commit " + added.commit())
                + (added.targets() == null ? "" : "; it targets " + added.targets() + ": " + added.servers()
                + (added.servers() == 1 ? " server" : " servers")));
    }

    private static Map<String, Object> readValues(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LabctlException(ExitCode.NOT_FOUND, file + ": no such file of parameter values");
        }
        try {
            Object read = Mappers.yaml().readValue(file.toFile(), Object.class);
            if (read == null) {
                return Map.of();
            }
            if (!(read instanceof Map<?, ?>)) {
                throw new LabctlException(ExitCode.USAGE, file + " is not a mapping of parameter values by name");
            }
            return Mappers.json().convertValue(read, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new LabctlException(ExitCode.USAGE, file + " is not YAML or JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}
