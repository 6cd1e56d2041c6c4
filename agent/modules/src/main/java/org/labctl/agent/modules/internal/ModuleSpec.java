package org.labctl.agent.modules.internal;

import java.util.List;
import java.util.Map;

/**
 * A module as labd wants it on this server: one element of {@code GET /api/v1/agent/modules}, and what
 * the agent records of the modules it has ({@link StateFile}).
 *
 * @param name       the module's name
 * @param version    its version
 * @param parameters its parameters, as {@link org.labctl.api.module.Module#configure} gets them (unmodifiable)
 * @param bundles    its agent bundles, in the order they are installed
 */
record ModuleSpec(String name, String version, Map<String, Object> parameters, List<ModuleFile> bundles) {

    ModuleSpec {
        bundles = List.copyOf(bundles);
    }

    /** {@code name version}, as messages name a module. */
    String title() {
        return name + " " + version;
    }

    /** Whether {@code other} is this module with the same bundles (the parameters may differ). */
    boolean sameBundles(ModuleSpec other) {
        return other != null && name.equals(other.name) && version.equals(other.version) && bundles.equals(other.bundles);
    }
}
