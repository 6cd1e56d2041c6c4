package org.labctl.logs.internal;

import org.labctl.api.LogRequest;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/** {@code logs.agent}: the agent's own log. */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + LogRequest.KIND_PREFIX + "agent")
public final class AgentLogKind extends LogKind {

    public AgentLogKind() {
        super(LogRequest.AGENT);
    }
}
