package org.labctl.agent.logs.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.labctl.api.LogRequest;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Outbound;
import org.labctl.api.session.SessionHandler;

/** A log of this machine streamed on stdout ({@link LogRequest}): one handler per source. */
abstract class LogHandler implements SessionHandler {

    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final String source;

    LogHandler(String source) {
        this.source = source;
    }

    @Override
    public String kind() {
        return LogRequest.KIND_PREFIX + source;
    }

    /**
     * @throws IllegalArgumentException with a message for the user when the request cannot be served
     */
    @Override
    public AgentSession open(UUID session, Map<String, Object> payload, Outbound out) {
        LogRequest request = JSON.convertValue(payload, LogRequest.class);
        if (request == null || !source.equals(request.source())) {
            throw new IllegalArgumentException("a " + kind() + " session reads the " + source + " log");
        }
        return open(session, request.check(), out);
    }

    /** The session of a checked request of this handler's source. */
    abstract AgentSession open(UUID session, LogRequest request, Outbound out);
}
