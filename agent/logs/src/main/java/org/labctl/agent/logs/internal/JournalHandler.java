package org.labctl.agent.logs.internal;

import java.util.Map;
import java.util.UUID;
import org.labctl.api.ExecStart;
import org.labctl.api.LogRequest;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Commands;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code logs.journal}: journalctl for the request, run by the agent's core like any command ({@link Commands}). */
@Component(service = SessionHandler.class, property = SessionHandler.PROPERTY + "=" + LogRequest.KIND_PREFIX + LogRequest.JOURNAL)
public final class JournalHandler extends LogHandler {

    private final Commands commands;
    private final String journalDir;

    @Activate
    public JournalHandler(@Reference Commands commands, BundleContext context) {
        this(commands, LogPlaces.of(context));
    }

    JournalHandler(Commands commands, LogPlaces places) {
        super(LogRequest.JOURNAL);
        this.commands = commands;
        this.journalDir = places.journalDir() == null ? null : places.journalDir().toString();
    }

    @Override
    AgentSession open(UUID session, LogRequest request, Outbound out) {
        return commands.command(session, ExecStart.of(JournalArguments.command(request, journalDir), Map.of(), 0), out);
    }
}
