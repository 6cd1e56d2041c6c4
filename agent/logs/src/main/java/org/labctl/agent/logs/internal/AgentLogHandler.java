package org.labctl.agent.logs.internal;

import java.nio.file.Path;
import java.util.UUID;
import org.labctl.api.LogRequest;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code logs.agent}: the agent's own log file, read (and followed) by a {@link FileStreamer}. */
@Component(service = SessionHandler.class, property = SessionHandler.PROPERTY + "=" + LogRequest.KIND_PREFIX + LogRequest.AGENT)
public final class AgentLogHandler extends LogHandler {

    private final Path log;

    @Activate
    public AgentLogHandler(BundleContext context) {
        this(LogPlaces.of(context));
    }

    AgentLogHandler(LogPlaces places) {
        super(LogRequest.AGENT);
        this.log = places.agentLog();
    }

    @Override
    AgentSession open(UUID session, LogRequest request, Outbound out) {
        if (log == null) {
            throw new IllegalArgumentException("this runtime keeps no agent log");
        }
        return new FileStreamer(session, log, "the agent's log", request.lines(), request.follow(), out);
    }
}
