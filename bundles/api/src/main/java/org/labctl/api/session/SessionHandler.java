package org.labctl.api.session;

import java.util.Map;
import java.util.UUID;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Starts the agent-side sessions of one kind (a start frame's {@code kind}), registered as an OSGi
 * service with the kind in the service property {@value #PROPERTY}.
 */
@ConsumerType
public interface SessionHandler {

    /** The service property that holds {@link #kind()}. */
    String PROPERTY = "labctl.session";

    /** The session kind this handler starts, such as {@code exec}. */
    String kind();

    /**
     * A new session for a start frame's payload; the dispatcher then calls
     * {@link AgentSession#start()} on the agent's launcher thread.
     *
     * @param session the session id
     * @param payload the start frame's payload (JSON as maps, lists, strings, numbers and booleans)
     * @param out     where the session's frames go
     * @throws org.labctl.api.LabException or IllegalArgumentException (an invalid argument) when the
     *         payload cannot be served: the dispatcher answers with an error frame of its failure
     */
    AgentSession open(UUID session, Map<String, Object> payload, Outbound out);
}
