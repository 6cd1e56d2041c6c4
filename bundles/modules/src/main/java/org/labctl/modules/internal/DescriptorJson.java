package org.labctl.modules.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labctl.api.Permission;
import org.labctl.modules.ModuleDescriptor;
import org.labctl.modules.ParameterSpec;

/** A descriptor as JSON-shaped values, as module.yaml writes it: what the module_versions table shows its readers. */
final class DescriptorJson {

    private DescriptorJson() {
    }

    static Map<String, Object> of(ModuleDescriptor module) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", module.name());
        json.put("version", module.version().toString());
        json.put("tier", module.tier().toString());
        json.put("description", module.description());
        if (module.targets() != null) {
            Map<String, Object> targets = new LinkedHashMap<>();
            if (module.targets().all()) {
                targets.put("all", true);
            }
            if (!module.targets().roles().isEmpty()) {
                targets.put("roles", module.targets().roles());
            }
            if (!module.targets().labels().isEmpty()) {
                targets.put("labels", module.targets().labels());
            }
            json.put("targets", targets);
        }
        Map<String, String> dependencies = new LinkedHashMap<>();
        module.dependencies().forEach((name, range) -> dependencies.put(name, range.toString()));
        json.put("dependencies", dependencies);
        json.put("permissions", module.permissions().stream().map(Permission::toString).toList());
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (ParameterSpec spec : module.parameters()) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("type", spec.type().toString());
            if (spec.defaultValue() != null) {
                parameter.put("default", spec.defaultValue());
            }
            if (spec.required()) {
                parameter.put("required", true);
            }
            if (spec.secret()) {
                parameter.put("secret", true);
            }
            if (!spec.description().isEmpty()) {
                parameter.put("description", spec.description());
            }
            if (!spec.allowedValues().isEmpty()) {
                parameter.put("enum", new ArrayList<>(spec.allowedValues()));
            }
            if (spec.pattern() != null) {
                parameter.put("pattern", spec.pattern());
            }
            if (spec.min() != null) {
                parameter.put("min", spec.min());
            }
            if (spec.max() != null) {
                parameter.put("max", spec.max());
            }
            parameters.put(spec.name(), parameter);
        }
        json.put("parameters", parameters);
        List<String> bundles = module.agentBundles();
        if (!bundles.isEmpty()) {
            json.put("agent", Map.of("bundles", bundles));
        }
        if (module.labdFeature() != null) {
            json.put("labd", Map.of("feature", module.labdFeature()));
        }
        return json;
    }
}
