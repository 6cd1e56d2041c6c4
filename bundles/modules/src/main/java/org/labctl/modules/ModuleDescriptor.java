package org.labctl.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.modules.internal.DescriptorReader;
import org.labctl.modules.internal.Rules;
import org.labctl.modules.internal.Yaml;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * What a module's {@code module.yaml} says. Read one with {@link #parse(byte[])} or {@link #read(Path)}; the
 * constructor checks the rules that hold however a descriptor is made, and the reader adds those of the
 * file (known fields only, each of the right type). The example in this bundle's tests,
 * {@code example/module.yaml}, shows every field.
 *
 * @param name         the module's name: 1 to 63 lower-case letters, digits and '-', starting and ending with
 *                     a letter or digit (it names directories, permissions and log streams)
 * @param version      its version: three numbers and an optional qualifier ({@code 1.2.0}, {@code 1.2.0.rc1})
 * @param tier         core, official or custom (the default)
 * @param description  one paragraph for {@code modules describe} (may be empty)
 * @param targets      the servers it runs on; null when it has no agent side
 * @param dependencies the modules it needs, each with the versions it works with, by name (unmodifiable, in
 *                     the order written)
 * @param permissions  the labd permissions a caller needs, besides the right to apply modules, to apply it
 *                     (unmodifiable)
 * @param parameters   what can be set, in the order written (unmodifiable)
 * @param agentBundles the file names of its agent bundles in its directory, in install order (unmodifiable;
 *                     empty when it has no agent side)
 * @param labdFeature  the name of its labd feature in its {@code features.xml}, or null when it has no labd side
 */
public record ModuleDescriptor(String name, Version version, Tier tier, String description, Targets targets,
                               Map<String, VersionRange> dependencies, List<Permission> permissions,
                               List<ParameterSpec> parameters, List<String> agentBundles, String labdFeature) {

    /** The descriptor's file name in a module's directory. */
    public static final String FILE = "module.yaml";
    /** The file of a module's labd side in its directory. */
    public static final String FEATURES_FILE = "features.xml";
    /** The most bytes of a {@code module.yaml} (64 KiB). */
    public static final int MAX_SIZE = Yaml.MAX_BYTES;
    /** A module's name (as DNS labels are). */
    public static final Pattern NAME = org.labctl.api.module.ModuleFiles.NAME;
    /** The most dependencies, permissions, parameters or agent bundles of one module. */
    public static final int MAX_ENTRIES = 128;

    /** Checks the rules every descriptor keeps; throws {@link InvalidArgument} naming the field. */
    public ModuleDescriptor {
        name = Rules.name("name", name);
        if (version == null) {
            throw new InvalidArgument("version: missing; three numbers and an optional qualifier, such as 1.0.0");
        }
        tier = tier == null ? Tier.CUSTOM : tier;
        description = Rules.description(description);
        dependencies = Rules.dependencies(name, dependencies);
        permissions = Rules.permissions(permissions);
        parameters = Rules.parameters(parameters);
        agentBundles = Rules.agentBundles(agentBundles);
        labdFeature = Rules.labdFeature(labdFeature);
        Rules.sides(targets, agentBundles, labdFeature);
    }

    /**
     * The descriptor in a {@code module.yaml}'s bytes.
     *
     * @throws InvalidArgument with a message that starts with {@code module.yaml:} and names each field that is
     *                         wrong and what it expects (all of them, separated by {@code ;})
     */
    public static ModuleDescriptor parse(byte[] yaml) {
        return DescriptorReader.read(FILE, Yaml.parse(FILE, yaml));
    }

    /** The descriptor in a stream, of which at most {@value #MAX_SIZE} bytes are read (more is refused). */
    public static ModuleDescriptor parse(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_SIZE + 1);
        if (bytes.length > MAX_SIZE) {
            throw new InvalidArgument(FILE + " is more than " + MAX_SIZE + " bytes; at most " + MAX_SIZE + " (64 KiB) are read");
        }
        return parse(bytes);
    }

    /**
     * The descriptor of a module's directory (its {@value #FILE}) or of a {@code module.yaml} file.
     *
     * @throws InvalidArgument when the file is missing, too large or wrong
     */
    public static ModuleDescriptor read(Path path) throws IOException {
        return parse(Rules.readDescriptor(path));
    }

    /** The name and version, such as {@code chrony 1.2.0}. */
    public String id() {
        return name + " " + version;
    }

    /** The parameter of that name, or null. */
    public ParameterSpec parameter(String parameterName) {
        for (ParameterSpec parameter : parameters) {
            if (parameter.name().equals(parameterName)) {
                return parameter;
            }
        }
        return null;
    }

    /**
     * A version as {@code module.yaml} takes it: three numbers without leading zeros and an optional qualifier.
     *
     * @throws InvalidArgument saying what a version is
     */
    public static Version parseVersion(String text) {
        return Rules.version("version", text);
    }

    /**
     * Whether {@code file} is a plain file name that an agent bundle may have: letters, digits, '.', '_', '+'
     * and '-', ending in {@code .jar}, not starting with '.': no directory, no {@code ..}.
     */
    public static boolean isBundleFileName(String file) {
        return Rules.isBundleFileName(file);
    }
}
