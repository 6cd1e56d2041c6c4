package org.labctl.exec.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.labctl.api.Caller;
import org.labctl.api.ExecStart;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;
import org.osgi.service.component.annotations.Component;

/** {@code exec}: a command on a server ({@link ExecStart}), which needs {@code exec} on it. */
@Component(service = SessionKind.class, property = SessionKind.PROPERTY + "=" + ExecStart.KIND)
public final class ExecKind implements SessionKind {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String name() {
        return ExecStart.KIND;
    }

    @Override
    public Plan plan(Caller caller, String server, Map<String, Object> payload) {
        ExecStart start;
        try {
            start = JSON.convertValue(payload, ExecStart.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("not a command to run: " + e.getMessage());
        }
        if (start == null) {
            throw new InvalidArgument("no command to run: give it after --");
        }
        try {
            start.check();
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", start.argv());
        details.put("interactive", start.ttyRequested());
        if (start.user() != null) {
            details.put("runAs", start.user());
        }
        return new Plan(new Gate.Request("server", "exec", server), "EXEC", start.commandLine(), "exec on server/" + server,
                details, payload);
    }
}
