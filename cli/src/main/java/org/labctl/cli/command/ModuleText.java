package org.labctl.cli.command;

import java.util.Map;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;

/** How modules read in tables. */
final class ModuleText {

    private ModuleText() {
    }

    /** {@code 2/3}: of the servers it targets, how many report it ready; {@code -} for a module without an agent side. */
    static String ready(ModuleInfo module) {
        return module.targets() == null ? "-" : module.ready() + "/" + module.servers();
    }

    /** A state's health: {@code HEALTHY}, {@code DEGRADED: message}, or {@code <none>}. */
    static String health(ModuleServerState state, boolean withMessage) {
        Map<String, Object> health = state.health();
        if (health == null || health.get("status") == null) {
            return UserText.NONE;
        }
        String status = String.valueOf(health.get("status")).toLowerCase(java.util.Locale.ROOT);
        Object message = health.get("message");
        return withMessage && message != null && !message.toString().isEmpty() ? status + ": " + message : status;
    }

    /** Whether the server runs the version labd wants there and reports it ready. */
    static boolean ready(ModuleServerState state) {
        return state.desired() != null && state.desired().equals(state.version()) && "ready".equals(state.state());
    }
}
