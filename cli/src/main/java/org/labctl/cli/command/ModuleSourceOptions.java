package org.labctl.cli.command;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.ModuleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.LabctlException;
import org.labctl.cli.Mappers;
import org.labctl.cli.ModuleSource;
import picocli.CommandLine.Option;

/**
 * What {@code labctl modules add} and {@code upgrade} share: the options about SOURCE and the module's
 * parameters, and sending SOURCE to labd with them.
 */
public final class ModuleSourceOptions {

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A parameter's value (repeatable); over -f's.")
    private List<String> sets = new ArrayList<>();

    @Option(names = {"-f", "--values"}, paramLabel = "FILE", description = "A YAML or JSON file of parameter values by name.")
    private Path values;

    @Option(names = "--path", paramLabel = "DIR", description = "The module's directory inside a git repository (default: its top).")
    private String path;

    /**
     * Checks the options, reads SOURCE and sends it to labd.
     *
     * @param upgrading the installed module SOURCE must hold a newer version of (labctl modules upgrade), or null
     */
    ModuleInfo send(ConfigMixin connection, String source, String upgrading) {
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
