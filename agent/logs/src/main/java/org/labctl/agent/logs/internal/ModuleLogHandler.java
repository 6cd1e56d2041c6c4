package org.labctl.agent.logs.internal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import org.labctl.api.LogRequest;
import org.labctl.api.module.ModuleFiles;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code logs.module}: what a module did on this server ({@code labctl logs module/NAME --server S}), its log where the
 * agent's modules runtime writes it ({@link ModuleFiles#log}: kept after the module is removed), read (and followed,
 * across its rotation) by a {@link FileStreamer}. The name is checked before it becomes a path.
 */
@Component(service = SessionHandler.class, property = SessionHandler.PROPERTY + "=" + LogRequest.KIND_PREFIX + LogRequest.MODULE)
public final class ModuleLogHandler extends LogHandler {

    private final Path data;

    @Activate
    public ModuleLogHandler(BundleContext context) {
        this(LogPlaces.of(context));
    }

    ModuleLogHandler(LogPlaces places) {
        super(LogRequest.MODULE);
        this.data = places.agentData();
    }

    @Override
    AgentSession open(UUID session, LogRequest request, Outbound out) {
        if (data == null) {
            throw new IllegalArgumentException("this runtime keeps no modules (it has no data directory)");
        }
        String module = request.module();
        Path log = ModuleFiles.log(data, module);
        if (!Files.isDirectory(ModuleFiles.module(data, module), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("module " + module + " has not run on this server (labctl modules status "
                    + module + " shows the servers it targets)");
        }
        if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("module " + module + " has written no log on this server yet");
        }
        return new FileStreamer(session, log, "the log of module " + module, request.lines(), request.follow(), out);
    }
}
