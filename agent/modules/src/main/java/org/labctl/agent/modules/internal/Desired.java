package org.labctl.agent.modules.internal;

import java.util.List;
import java.util.Map;

/**
 * labd's answer to {@code GET /api/v1/agent/modules}: the modules this server should have, dependencies
 * first.
 *
 * @param generation   labd's opaque name of this desired state (its notices name the current one)
 * @param modules      the modules, in the order they are applied
 * @param serverRole   the server's role, when labd says it (optional {@code server.role}), else null
 * @param serverLabels the server's labels, when labd says them (optional {@code server.labels}), else empty
 */
record Desired(String generation, List<ModuleSpec> modules, String serverRole, Map<String, String> serverLabels) {

    Desired {
        modules = List.copyOf(modules);
        serverLabels = Map.copyOf(serverLabels);
    }
}
