package org.labctl.agent.modules.internal;

import java.nio.file.Path;
import java.util.Map;
import org.labctl.api.module.ModuleContext;
import org.labctl.api.module.ModuleLog;

/** What the agent tells a module about itself and the server, for one call. */
record AgentModuleContext(String name, String version, Path dataDirectory, String serverName, String serverRole,
                          Map<String, String> serverLabels, ModuleLog log) implements ModuleContext {

    AgentModuleContext {
        serverLabels = Map.copyOf(serverLabels);
    }
}
