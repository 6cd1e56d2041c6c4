package org.labctl.modules.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Limits;
import org.labctl.api.Permission;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.ParameterSpec;
import org.labctl.modules.Targets;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * The rules of a module descriptor's fields, in one place for {@link ModuleDescriptor}'s constructor and
 * {@link DescriptorReader} (which checks each field on its own to report every error at once). Each throws
 * an {@link InvalidArgument} whose message starts with the field ({@code agent.bundles[1]: ...}).
 */
public final class Rules {

    private static final Pattern VERSION =
            Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(\\.[A-Za-z0-9_-]{1,64})?");
    private static final Pattern BUNDLE_FILE = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}\\.jar");
    private static final Pattern FEATURE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final String NAME_RULE = "1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit";
    private static final String TARGETS_RULE =
            "name the servers the module runs on: roles: [ROLE, ...], labels: {KEY: VALUE}, or all: true for every server";

    private Rules() {
    }

    /** A module's name, in {@code field}. */
    public static String name(String field, String name) {
        if (name == null) {
            throw new InvalidArgument(field + ": missing; a module's name is " + NAME_RULE);
        }
        if (!ModuleDescriptor.NAME.matcher(name).matches()) {
            throw new InvalidArgument(field + ": " + Text.quote(name) + " is not a module name: " + NAME_RULE);
        }
        return name;
    }

    /** A version: three numbers without leading zeros, and an optional qualifier. */
    public static Version version(String field, String text) {
        if (text == null || !VERSION.matcher(text).matches()) {
            throw new InvalidArgument(field + ": " + Text.quote(text) + " is not a version: three numbers and an optional "
                    + "qualifier, such as 1.0.0 or 1.0.0.rc1");
        }
        return Version.parseVersion(text);
    }

    /** A version range as OSGi writes them: {@code [1.0,2.0)}, or {@code 1.0} for 1.0 and later. */
    public static VersionRange range(String field, String text) {
        VersionRange range;
        try {
            range = VersionRange.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(field + ": " + Text.quote(text) + " is not a version range (use [1.0,2.0) or 1.0)");
        }
        if (range.isEmpty()) {
            throw new InvalidArgument(field + ": " + Text.quote(text) + " holds no version; the left end must be below the right");
        }
        return range;
    }

    public static String description(String description) {
        return Limits.text("description", description == null ? "" : description, Limits.MAX_DESCRIPTION_LENGTH);
    }

    public static Map<String, VersionRange> dependencies(String module, Map<String, VersionRange> dependencies) {
        if (dependencies == null) {
            return Map.of();
        }
        limit("dependencies", dependencies.size());
        Map<String, VersionRange> copy = new LinkedHashMap<>();
        for (Map.Entry<String, VersionRange> dependency : dependencies.entrySet()) {
            copy.put(dependency(module, dependency.getKey()), dependency(dependency.getKey(), dependency.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The name of a dependency of {@code module}: a module name, not its own. */
    public static String dependency(String module, String name) {
        if (name == null || !ModuleDescriptor.NAME.matcher(name).matches()) {
            throw new InvalidArgument("dependencies: " + Text.quote(name) + " is not a module name: " + NAME_RULE);
        }
        if (name.equals(module)) {
            throw new InvalidArgument("dependencies." + name + ": a module cannot depend on itself");
        }
        return name;
    }

    private static VersionRange dependency(String name, VersionRange range) {
        if (range == null) {
            throw new InvalidArgument("dependencies." + name + ": no version range; write [1.0,2.0) or 1.0");
        }
        if (range.isEmpty()) {
            throw new InvalidArgument("dependencies." + name + ": " + range + " holds no version; the left end must be "
                    + "below the right");
        }
        return range;
    }

    public static List<Permission> permissions(List<Permission> permissions) {
        if (permissions == null) {
            return List.of();
        }
        limit("permissions", permissions.size());
        Set<Permission> seen = new HashSet<>();
        for (Permission permission : permissions) {
            if (permission == null) {
                throw new InvalidArgument("permissions: an entry is empty");
            }
            if (!seen.add(permission)) {
                throw new InvalidArgument("permissions: " + permission + " is given twice");
            }
        }
        return List.copyOf(permissions);
    }

    public static List<ParameterSpec> parameters(List<ParameterSpec> parameters) {
        if (parameters == null) {
            return List.of();
        }
        limit("parameters", parameters.size());
        Set<String> names = new HashSet<>();
        for (ParameterSpec parameter : parameters) {
            if (parameter == null) {
                throw new InvalidArgument("parameters: an entry is empty");
            }
            if (!names.add(parameter.name())) {
                throw new InvalidArgument("parameters: " + parameter.name() + " is declared twice");
            }
        }
        return List.copyOf(parameters);
    }

    /** Whether {@code file} is a plain file name ending in {@code .jar}: no directory, no {@code ..}, no leading '.'. */
    public static boolean isBundleFileName(String file) {
        return file != null && BUNDLE_FILE.matcher(file).matches() && !file.contains("..");
    }

    public static String bundleFile(String field, String file) {
        if (!isBundleFileName(file)) {
            throw new InvalidArgument(field + ": " + Text.quote(file) + " is not a bundle's file name: a plain file name in the "
                    + "module's directory (letters, digits, '.', '_', '+' and '-'; no '/', no '..') that ends in .jar");
        }
        return file;
    }

    public static List<String> agentBundles(List<String> bundles) {
        if (bundles == null) {
            return List.of();
        }
        limit("agent.bundles", bundles.size());
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < bundles.size(); i++) {
            String file = bundleFile("agent.bundles[" + i + "]", bundles.get(i));
            if (checked.contains(file)) {
                throw new InvalidArgument("agent.bundles: " + Text.quote(file) + " is listed twice");
            }
            checked.add(file);
        }
        return List.copyOf(checked);
    }

    public static String labdFeature(String feature) {
        if (feature != null && !FEATURE.matcher(feature).matches()) {
            throw new InvalidArgument("labd.feature: " + Text.quote(feature) + " is not a feature name: 1 to 100 letters, "
                    + "digits, '.', '_' and '-', starting with a letter or digit");
        }
        return feature;
    }

    /** The rules between the sides: at least one side; targets exactly when there is an agent side. */
    public static void sides(Targets targets, List<String> agentBundles, String labdFeature) {
        if (agentBundles.isEmpty() && labdFeature == null) {
            throw new InvalidArgument("a module has an agent side (agent.bundles), a labd side (labd.feature) or both; "
                    + "this one has neither");
        }
        if (!agentBundles.isEmpty() && targets == null) {
            throw new InvalidArgument("targets: missing; " + TARGETS_RULE);
        }
        if (agentBundles.isEmpty() && targets != null) {
            throw new InvalidArgument("targets: a module without agent.bundles runs on no server; drop targets or add "
                    + "agent.bundles");
        }
    }

    public static String targetsRule() {
        return TARGETS_RULE;
    }

    /**
     * The bytes of a module directory's {@code module.yaml}, or of the file itself, at most
     * {@link ModuleDescriptor#MAX_SIZE}: a regular file, not a link (which could lead out of the module).
     */
    public static byte[] readDescriptor(Path path) throws IOException {
        Path file = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? path.resolve(ModuleDescriptor.FILE) : path;
        if (Files.isSymbolicLink(file)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + " is a symbolic link; a module's files are plain files");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": missing; a module's directory holds its module.yaml");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArgument(ModuleDescriptor.FILE + " is not a plain file");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(ModuleDescriptor.MAX_SIZE + 1);
            if (bytes.length > ModuleDescriptor.MAX_SIZE) {
                throw new InvalidArgument(ModuleDescriptor.FILE + " is more than " + ModuleDescriptor.MAX_SIZE + " bytes; at most "
                        + ModuleDescriptor.MAX_SIZE + " (64 KiB) are read");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new InvalidArgument(ModuleDescriptor.FILE + ": missing; a module's directory holds its module.yaml");
        }
    }

    private static void limit(String field, int size) {
        if (size > ModuleDescriptor.MAX_ENTRIES) {
            throw new InvalidArgument(field + ": " + size + " entries; at most " + ModuleDescriptor.MAX_ENTRIES);
        }
    }
}
