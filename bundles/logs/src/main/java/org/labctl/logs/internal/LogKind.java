package org.labctl.logs.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.api.LogRequest;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;

/**
 * A log of a server streamed by its agent ({@link LogRequest}): {@code labctl logs server/NAME},
 * which needs {@code read} on the server. One kind per source: the journal, a log file, the agent's
 * own log, a module's log.
 */
abstract class LogKind implements SessionKind {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String source;

    LogKind(String source) {
        this.source = source;
    }

    @Override
    public String name() {
        return LogRequest.KIND_PREFIX + source;
    }

    @Override
    public Plan plan(Caller caller, String server, Map<String, Object> payload) {
        LogRequest request;
        try {
            request = JSON.convertValue(payload, LogRequest.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument("not a log request: " + e.getMessage());
        }
        if (request == null || !source.equals(request.source())) {
            throw new InvalidArgument("a " + name() + " session reads the " + source + " log, not "
                    + (request == null ? "nothing" : "\"" + request.source() + "\""));
        }
        try {
            request.check();
        } catch (IllegalArgumentException e) {
            throw new InvalidArgument(e.getMessage());
        }
        String described = request.describe();
        return new Plan(new Gate.Request("server", "read", server), "LOGS", command(server, request)
                + (described.isEmpty() ? "" : " " + described), "reading the logs of server/" + server,
                Map.of("log", JSON.convertValue(request, Map.class)), payload);
    }

    /** The labctl command line of the request for the audit log, but for its options: {@code logs server/web-1}. */
    String command(String server, LogRequest request) {
        return "logs " + (LogRequest.AGENT.equals(source) ? "agent/" : "server/") + server;
    }
}
