package org.labctl.logs.internal;

import org.labctl.api.LogRequest;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/**
 * {@code logs.module}: what a module did on a server ({@code labctl logs module/NAME --server S}), its log in the
 * agent's data directory; read on the server, as its other logs. The module's name is checked here (module.yaml's
 * rule) before the start goes to the agent, which checks it again before it becomes a path.
 */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + LogRequest.KIND_PREFIX + "module")
public final class ModuleLogKind extends LogKind {

    public ModuleLogKind() {
        super(LogRequest.MODULE);
    }

    @Override
    String command(String server, LogRequest request) {
        return "logs module/" + request.module() + " --server " + server;
    }
}
