package org.labctl.example.notes.agent.internal;

import java.util.Map;
import java.util.UUID;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;
import org.labctl.example.notes.echo.Echo;
import org.osgi.service.component.annotations.Component;

/**
 * {@code notes.echo}, the agent's side: a service of this bundle, which a lab-agent runs when it
 * finds it in its {@code lib/}; the agent's dispatcher finds it by its kind, as it finds exec's.
 */
@Component(service = SessionHandler.class, property = SessionHandler.PROPERTY + "=" + Echo.KIND)
public final class EchoHandler implements SessionHandler {

    @Override
    public String kind() {
        return Echo.KIND;
    }

    @Override
    public AgentSession open(UUID session, Map<String, Object> payload, Outbound out) {
        return new EchoSession(session, Echo.of(payload), out);
    }
}
