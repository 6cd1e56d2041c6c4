package org.labctl.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.ExecStart;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Commands;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exec} sessions on this machine: the command of an {@link ExecStart} run by an
 * {@link ExecRunner}; and the same runner for other handlers whose session is a command
 * ({@link Commands}: the journal's journalctl).
 */
@Component(service = {SessionHandler.class, Commands.class}, property = SessionHandler.PROPERTY + "=" + ExecStart.KIND)
public final class ExecHandler implements SessionHandler, Commands {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String kind() {
        return ExecStart.KIND;
    }

    @Override
    public AgentSession open(UUID session, Map<String, Object> payload, Outbound out) {
        ExecStart start = JSON.convertValue(payload, ExecStart.class);
        if (start == null) {
            throw new IllegalArgumentException("no command to run: argv is empty");
        }
        return new ExecRunner(session, start, out);
    }

    @Override
    public AgentSession command(UUID session, ExecStart command, Outbound out) {
        return new ExecRunner(session, command, out);
    }
}
