package org.labctl.modules.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.ParameterSpec;
import org.labctl.modules.Targets;
import org.labctl.modules.Tier;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * Reads a {@code module.yaml} tree ({@link Yaml}) into a {@link ModuleDescriptor}: every field known, of the
 * type it takes, and valid. It checks each field on its own and reports every error at once, in one
 * {@link InvalidArgument}: {@code module.yaml: version: "1.0" is not a version: ...; agent.bundles[0]: ...}.
 */
public final class DescriptorReader {

    private static final Set<String> FIELDS = Set.of("name", "version", "tier", "description", "targets", "dependencies",
            "permissions", "parameters", "agent", "labd");
    private static final List<String> FIELD_ORDER = List.of("name", "version", "tier", "description", "targets",
            "dependencies", "permissions", "parameters", "agent", "labd");
    private static final Set<String> TARGET_FIELDS = Set.of("roles", "labels", "all");
    private static final Set<String> PARAMETER_FIELDS = Set.of("type", "default", "required", "description", "enum", "pattern",
            "min", "max", "secret");
    private static final Set<String> AGENT_FIELDS = Set.of("bundles");
    private static final Set<String> LABD_FIELDS = Set.of("feature");

    private final String file;
    private final List<String> errors = new ArrayList<>();

    private DescriptorReader(String file) {
        this.file = file;
    }

    /**
     * The descriptor of a {@code module.yaml}'s tree.
     *
     * @param file the file's name, which the message starts with
     * @param root the tree ({@link Yaml#parse}), null for an empty file
     */
    public static ModuleDescriptor read(String file, Object root) {
        return new DescriptorReader(file).descriptor(root);
    }

    private ModuleDescriptor descriptor(Object root) {
        if (root == null) {
            throw new InvalidArgument(file + " is empty; it needs at least name, version, targets and agent.bundles "
                    + "(or labd.feature)");
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new InvalidArgument(file + " holds " + Yaml.kind(root) + "; it must be a mapping of fields (name: ..., "
                    + "version: ...)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) root;
        unknown(fields, FIELDS, "", FIELD_ORDER);

        String name = null;
        String nameText = text(fields, "name", true);
        if (nameText != null) {
            name = check(() -> Rules.name("name", nameText));
        }
        Version version = null;
        String versionText = text(fields, "version", true);
        if (versionText != null) {
            version = check(() -> Rules.version("version", versionText));
        }
        Tier tier = tier(fields);
        String description = text(fields, "description", false);
        if (description != null) {
            check(() -> Rules.description(description));
        }
        Targets targets = targets(fields.get("targets"));
        Map<String, VersionRange> dependencies = dependencies(name, fields.get("dependencies"));
        List<Permission> permissions = permissions(fields.get("permissions"));
        List<ParameterSpec> parameters = parameters(fields.get("parameters"));
        List<String> agentBundles = agentBundles(fields.get("agent"));
        String labdFeature = labdFeature(fields.get("labd"));

        if (errors.isEmpty()) {
            // what only the whole descriptor can tell: the sides and targets together
            Version checkedVersion = version;
            String checkedName = name;
            ModuleDescriptor descriptor = check(() -> new ModuleDescriptor(checkedName, checkedVersion, tier, description,
                    targets, dependencies, permissions, parameters, agentBundles, labdFeature));
            if (descriptor != null) {
                return descriptor;
            }
        }
        throw new InvalidArgument(file + ": " + String.join("; ", errors));
    }

    private Tier tier(Map<String, Object> fields) {
        String text = text(fields, "tier", false);
        if (text == null) {
            return null;
        }
        for (Tier tier : Tier.values()) {
            if (tier.toString().equals(text)) {
                return tier;
            }
        }
        errors.add("tier: " + Text.quote(text) + " is not a tier: core, official or custom");
        return null;
    }

    private Targets targets(Object node) {
        Map<String, Object> targets = mapping(node, "targets");
        if (targets == null) {
            return null;
        }
        int before = errors.size();
        unknown(targets, TARGET_FIELDS, "targets.", List.of("roles", "labels", "all"));
        List<String> roles = new ArrayList<>();
        List<Object> roleNodes = list(targets.get("roles"), "targets.roles");
        if (roleNodes != null) {
            for (int i = 0; i < roleNodes.size(); i++) {
                String role = text(roleNodes.get(i), "targets.roles[" + i + "]");
                roles.add(role);
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Object> labelNodes = mapping(targets.get("labels"), "targets.labels");
        if (labelNodes != null) {
            labelNodes.forEach((key, value) -> labels.put(key, text(value, "targets.labels." + Text.key(key))));
        }
        boolean all = false;
        Object allNode = targets.get("all");
        if (allNode != null) {
            if (allNode instanceof Yaml.Scalar scalar && scalar.value() instanceof Boolean value) {
                all = value;
            } else {
                errors.add("targets.all: " + what(allNode) + "; write all: true");
            }
        }
        if (errors.size() > before) {
            return null;
        }
        boolean every = all;
        return check(() -> new Targets(every, roles, labels));
    }

    private Map<String, VersionRange> dependencies(String module, Object node) {
        Map<String, Object> dependencies = mapping(node, "dependencies");
        if (dependencies == null) {
            return null;
        }
        Map<String, VersionRange> ranges = new LinkedHashMap<>();
        dependencies.forEach((name, rangeNode) -> {
            String field = "dependencies." + Text.key(name);
            String checkedName = check(() -> Rules.dependency(module, name));
            String text = text(rangeNode, field);
            if (checkedName != null && text != null) {
                VersionRange range = check(() -> Rules.range(field, text));
                if (range != null) {
                    ranges.put(name, range);
                }
            }
        });
        return ranges;
    }

    private List<Permission> permissions(Object node) {
        List<Object> permissions = list(node, "permissions");
        if (permissions == null) {
            return null;
        }
        List<Permission> parsed = new ArrayList<>();
        for (int i = 0; i < permissions.size(); i++) {
            String field = "permissions[" + i + "]";
            String text = text(permissions.get(i), field);
            if (text != null) {
                Permission permission = check(() -> {
                    try {
                        return Permission.parse(text);
                    } catch (InvalidArgument e) {
                        throw new InvalidArgument(field + ": " + e.getMessage());
                    }
                });
                if (permission != null) {
                    parsed.add(permission);
                }
            }
        }
        return parsed;
    }

    private List<ParameterSpec> parameters(Object node) {
        Map<String, Object> parameters = mapping(node, "parameters");
        if (parameters == null) {
            return null;
        }
        List<ParameterSpec> specs = new ArrayList<>();
        parameters.forEach((name, specNode) -> {
            String field = "parameters." + Text.key(name);
            Map<String, Object> spec = mapping(specNode, field);
            if (spec == null) {
                if (empty(specNode)) {
                    errors.add(field + ": empty; give at least its type (type: string)");
                }
                return;
            }
            int before = errors.size();
            unknown(spec, PARAMETER_FIELDS, field + ".", List.of("type", "default", "required", "description", "enum",
                    "pattern", "min", "max", "secret"));
            ParameterSpec.Type type = null;
            String typeText = text(spec, "type", field + ".type", true);
            if (typeText != null) {
                type = ParameterSpec.Type.named(typeText);
                if (type == null) {
                    errors.add(field + ".type: " + Text.quote(typeText) + " is not a type: one of string, integer, number, "
                            + "boolean, list, map");
                }
            }
            boolean required = bool(spec, "required", field);
            boolean secret = bool(spec, "secret", field);
            String description = text(spec, "description", field + ".description", false);
            List<Object> allowed = list(spec.get("enum"), field + ".enum");
            String pattern = text(spec, "pattern", field + ".pattern", false);
            Number min = number(spec.get("min"), field + ".min");
            Number max = number(spec.get("max"), field + ".max");
            if (errors.size() > before) {
                return;
            }
            ParameterSpec.Type checkedType = type;
            ParameterSpec parameter = check(() -> new ParameterSpec(name, checkedType, spec.get("default"), required,
                    description, allowed, pattern, min, max, secret));
            if (parameter != null) {
                specs.add(parameter);
            }
        });
        return specs;
    }

    /** A parameter's true-or-false field ({@code required}, {@code secret}): false when absent. */
    private boolean bool(Map<String, Object> spec, String key, String field) {
        Object node = spec.get(key);
        if (node == null) {
            return false;
        }
        if (node instanceof Yaml.Scalar scalar && scalar.value() instanceof Boolean value) {
            return value;
        }
        errors.add(field + "." + key + ": " + what(node) + "; write true or false");
        return false;
    }

    private List<String> agentBundles(Object node) {
        Map<String, Object> agent = mapping(node, "agent");
        if (agent == null) {
            return null;
        }
        unknown(agent, AGENT_FIELDS, "agent.", List.of("bundles"));
        List<Object> bundles = list(agent.get("bundles"), "agent.bundles");
        if (bundles == null) {
            if (agent.get("bundles") == null) {
                errors.add("agent.bundles: missing; list the agent bundles' jar files in install order");
            }
            return null;
        }
        if (bundles.isEmpty()) {
            errors.add("agent.bundles: empty; list the agent bundles' jar files in install order, or drop agent");
            return null;
        }
        List<String> files = new ArrayList<>();
        int before = errors.size();
        for (int i = 0; i < bundles.size(); i++) {
            String field = "agent.bundles[" + i + "]";
            String file = text(bundles.get(i), field);
            if (file != null && check(() -> Rules.bundleFile(field, file)) != null) {
                files.add(file);
            }
        }
        return errors.size() > before ? null : check(() -> Rules.agentBundles(files));
    }

    private String labdFeature(Object node) {
        Map<String, Object> labd = mapping(node, "labd");
        if (labd == null) {
            return null;
        }
        unknown(labd, LABD_FIELDS, "labd.", List.of("feature"));
        String feature = text(labd, "feature", "labd.feature", true);
        return feature == null ? null : check(() -> Rules.labdFeature(feature));
    }

    /** The field's text; an error (and null) when it is not a scalar, or missing and required. */
    private String text(Map<String, Object> fields, String key, boolean required) {
        return text(fields, key, key, required);
    }

    private String text(Map<String, Object> fields, String key, String field, boolean required) {
        Object node = fields.get(key);
        if (empty(node)) {
            if (required) {
                errors.add(field + (node == null ? ": missing" : ": empty"));
            }
            return null;
        }
        return text(node, field);
    }

    /** The scalar's text as written ({@code 1.10}, {@code true}); an error (and null) for a list, mapping or null. */
    private String text(Object node, String field) {
        if (!empty(node) && node instanceof Yaml.Scalar scalar) {
            return scalar.text();
        }
        errors.add(field + ": " + (empty(node) ? "empty" : "is " + Yaml.kind(node)) + "; expected text");
        return null;
    }

    /** The mapping, or null: nothing when absent, an error when it is something else. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> mapping(Object node, String field) {
        if (empty(node)) {
            return null;
        }
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        errors.add(field + ": " + what(node) + "; expected a mapping (key: value lines)");
        return null;
    }

    /** The list, or null: nothing when absent, an error when it is something else. */
    @SuppressWarnings("unchecked")
    private List<Object> list(Object node, String field) {
        if (empty(node)) {
            return null;
        }
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        errors.add(field + ": " + what(node) + "; expected a list ([a, b] or - lines)");
        return null;
    }

    /** A number for min or max, as written; an error (and null) for anything else. */
    private Number number(Object node, String field) {
        if (empty(node)) {
            return null;
        }
        if (node instanceof Yaml.Scalar scalar && scalar.value() instanceof Number number) {
            return number;
        }
        errors.add(field + ": " + what(node) + "; expected a number");
        return null;
    }

    private void unknown(Map<String, Object> fields, Set<String> known, String prefix, List<String> order) {
        for (String key : fields.keySet()) {
            if (!known.contains(key)) {
                String closest = Text.closest(key, known);
                errors.add(prefix + Text.key(key) + ": not a field of " + (prefix.isEmpty() ? file : prefix.substring(0, prefix.length() - 1))
                        + (closest != null ? " (did you mean " + prefix + closest + "?)" : "")
                        + "; the fields: " + String.join(", ", order));
            }
        }
    }

    /** What the node is, for a message: {@code "base" is text}, {@code is a list}. */
    private static String what(Object node) {
        return node instanceof Yaml.Scalar ? Values.show(node) + " is " + Yaml.kind(node) : "is " + Yaml.kind(node);
    }

    /** Nothing: absent, null ({@code ~}, {@code null}) or a key with no value at all ({@code key:}). */
    private static boolean empty(Object node) {
        return node == null || node instanceof Yaml.Scalar scalar && (scalar.value() == null || scalar.text().isEmpty());
    }

    /** The value, or null after recording its error. */
    private <T> T check(java.util.function.Supplier<T> value) {
        try {
            return value.get();
        } catch (InvalidArgument e) {
            errors.add(e.getMessage());
            return null;
        }
    }
}
