package org.labctl.modules.command;

import java.util.Locale;
import java.util.Map;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.ModuleInfo;
import org.labctl.api.ModuleServerState;

/** How the {@code lab:module-*} commands show modules: as {@code labctl modules} shows them. */
final class ModuleShellText {

    static final String NONE = "<none>";

    private ModuleShellText() {
    }

    static String orNone(Object value) {
        return value == null || value.toString().isBlank() ? NONE : value.toString();
    }

    /** {@code 2/3}: of the servers it targets, how many report it ready; {@code -} for a module without an agent side. */
    static String ready(ModuleInfo module) {
        return module.targets() == null ? "-" : module.ready() + "/" + module.servers();
    }

    /** A state's health: {@code healthy}, {@code degraded: message}, or {@code <none>}. */
    static String health(ModuleServerState state) {
        Map<String, Object> health = state.health();
        if (health == null || health.get("status") == null) {
            return NONE;
        }
        String status = String.valueOf(health.get("status")).toLowerCase(Locale.ROOT);
        Object message = health.get("message");
        return message != null && !message.toString().isEmpty() ? status + ": " + message : status;
    }

    /** One line a server and module: what its agent has, what labd wants there, its state, health and error. */
    static ShellTable states(Iterable<ModuleServerState> states) {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"SERVER", "MODULE", "VERSION", "DESIRED", "STATE", "HEALTH", "SINCE", "ERROR"}) {
            table.column(column);
        }
        for (ModuleServerState state : states) {
            table.addRow().addContent(state.server(), state.module(), orNone(state.version()),
                    state.desired() == null ? "(removing)" : state.desired(), state.state(), health(state), orNone(state.since()),
                    orNone(state.error()));
        }
        return table;
    }

    /** What a change did, as labctl says it. */
    static String changed(ModuleInfo module, String what) {
        return "module " + module.name() + " " + module.version() + " " + what;
    }
}
