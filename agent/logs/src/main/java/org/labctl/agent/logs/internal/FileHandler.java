package org.labctl.agent.logs.internal;

import java.util.UUID;
import org.labctl.api.LogRequest;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** {@code logs.file}: a log file under the directories this agent allows, read (and followed) by a {@link FileStreamer}. */
@Component(service = SessionHandler.class, property = SessionHandler.PROPERTY + "=" + LogRequest.KIND_PREFIX + LogRequest.FILE)
public final class FileHandler extends LogHandler {

    private final LogFiles files;

    @Activate
    public FileHandler(BundleContext context) {
        this(LogPlaces.of(context));
    }

    FileHandler(LogPlaces places) {
        super(LogRequest.FILE);
        this.files = new LogFiles(places.dirs());
    }

    @Override
    AgentSession open(UUID session, LogRequest request, Outbound out) {
        return new FileStreamer(session, files.resolve(request.file()), request.file(), request.lines(), request.follow(), out);
    }
}
