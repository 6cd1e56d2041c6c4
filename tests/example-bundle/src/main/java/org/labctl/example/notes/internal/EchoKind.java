package org.labctl.example.notes.internal;

import java.util.Map;
import org.labctl.api.Caller;
import org.labctl.core.Gate;
import org.labctl.example.notes.echo.Echo;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/**
 * {@code notes.echo}, labd's side: a server's agent echoes a text with what it computes of it (the
 * handler of tests/example-agent-bundle). The session runs on a server, so the gate checks
 * {@code read} on that server, as for its logs: an unknown server and one the caller may not see
 * are refused alike. labd sets who asks; the relay audits it as {@code NOTES notes echo server/NAME}.
 */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + Echo.KIND)
public final class EchoKind implements SessionKind {

    @Override
    public String name() {
        return Echo.KIND;
    }

    @Override
    public Plan plan(Caller caller, String server, Map<String, Object> payload) {
        Echo echo = Echo.of(payload).by(caller.name());
        return new Plan(new Gate.Request("server", "read", server), "NOTES", "notes echo server/" + server,
                "notes echo on server/" + server, Map.of("characters", echo.text().length()), echo.payload());
    }
}
