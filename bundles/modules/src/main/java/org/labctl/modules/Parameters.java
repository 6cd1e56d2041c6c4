package org.labctl.modules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.InvalidArgument;
import org.labctl.modules.internal.Text;

/**
 * The values of a module's parameters: what a caller gives (a values map, as JSON has it, and
 * {@code --set NAME=VALUE} assignments on top), checked against the module's declarations, with the defaults
 * added. Every problem is reported at once, in one {@link InvalidArgument}.
 */
public final class Parameters {

    /** The most {@code --set} assignments of one request. */
    public static final int MAX_ASSIGNMENTS = 256;

    private final String module;
    private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();

    /**
     * @param module the module's name, for messages
     * @param specs  its parameters
     */
    public Parameters(String module, List<ParameterSpec> specs) {
        this.module = module;
        specs.forEach(spec -> this.specs.put(spec.name(), spec));
    }

    /** The parameters that {@code descriptor} declares. */
    public static Parameters of(ModuleDescriptor descriptor) {
        return new Parameters(descriptor.name(), descriptor.parameters());
    }

    /** {@link #resolve(Map, List)} without assignments. */
    public Map<String, Object> resolve(Map<String, ?> values) {
        return resolve(values, List.of());
    }

    /**
     * The module's parameter values.
     *
     * @param values      values by name, as JSON gives them (strings, numbers, booleans, lists, maps); a null
     *                    value counts as not given (the default applies); may be null
     * @param assignments {@code NAME=VALUE} texts, as {@code --set} takes them, each overriding {@code values};
     *                    the text is read as the parameter's type ({@link ParameterSpec#parse}); may be null
     * @return every parameter that has a value, in the order the module declares them: given, else its
     *         default; values of the Java types {@link ParameterSpec.Type} names; unmodifiable
     * @throws InvalidArgument naming each unknown parameter, value of the wrong type or out of bounds,
     *                         malformed or repeated assignment and missing required parameter
     */
    public Map<String, Object> resolve(Map<String, ?> values, List<String> assignments) {
        List<String> errors = new ArrayList<>();
        Map<String, Object> given = new LinkedHashMap<>();
        Map<String, String> set = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((name, value) -> {
                if (!specs.containsKey(name)) {
                    errors.add(unknown(name));
                } else if (value != null) {
                    given.put(name, value);
                }
            });
        }
        List<String> texts = assignments == null ? List.of() : assignments;
        if (texts.size() > MAX_ASSIGNMENTS) {
            errors.add(texts.size() + " --set assignments; at most " + MAX_ASSIGNMENTS);
            texts = List.of();
        }
        for (String assignment : texts) {
            int eq = assignment == null ? -1 : assignment.indexOf('=');
            if (eq <= 0) {
                errors.add("--set " + Text.quote(assignment) + " is not NAME=VALUE");
                continue;
            }
            String name = assignment.substring(0, eq).strip();
            if (!specs.containsKey(name)) {
                errors.add(unknown(name));
            } else if (set.put(name, assignment.substring(eq + 1)) != null) {
                errors.add("--set " + name + " is given twice");
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParameterSpec spec : specs.values()) {
            try {
                Object value;
                if (set.containsKey(spec.name())) {
                    value = spec.parse(set.get(spec.name()));
                } else if (given.containsKey(spec.name())) {
                    value = spec.check(given.get(spec.name()));
                } else {
                    value = spec.defaultValue();
                }
                if (value != null) {
                    resolved.put(spec.name(), value);
                } else if (spec.required()) {
                    errors.add(spec.name() + ": required; give it with --set " + spec.name() + "=VALUE");
                }
            } catch (InvalidArgument e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidArgument("invalid parameters for module " + module + ": " + String.join("; ", errors));
        }
        return Collections.unmodifiableMap(resolved);
    }

    /** What {@link #redact} shows for a secret's value. */
    public static final String REDACTED = "<secret>";

    /** Whether {@code name} is a secret parameter of the module. */
    public boolean secret(String name) {
        ParameterSpec spec = specs.get(name);
        return spec != null && spec.secret();
    }

    /** {@code values} with each secret's value replaced by {@value #REDACTED}: what labd shows of them. */
    public Map<String, Object> redact(Map<String, Object> values) {
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.replaceAll((name, value) -> secret(name) && value != null ? REDACTED : value);
        return Collections.unmodifiableMap(shown);
    }

    private String unknown(String name) {
        if (specs.isEmpty()) {
            return "unknown parameter " + Text.quote(name) + ": " + module + " has no parameters";
        }
        String closest = Text.closest(name, specs.keySet());
        return "unknown parameter " + Text.quote(name) + (closest == null ? "" : " (did you mean " + closest + "?)") + "; "
                + module + " has " + String.join(", ", specs.keySet());
    }
}
