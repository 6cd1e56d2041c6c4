package org.labctl.api.session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What an agent-side bundle and its labd-side counterpart tell each other over the agent's
 * connection, registered as an OSGi service in the agent's runtime: its report rides on every
 * heartbeat, and labd's notices for it arrive with heartbeat acks or at any time
 * ({@link org.labctl.api.AgentFrame}). The agent core carries both without knowing the topic.
 * Values are JSON-shaped: maps, lists, strings, numbers, booleans.
 */
@ConsumerType
public interface AgentTopic {

    /** The topic's name ({@code modules}): lower case letters, digits and '-'. */
    String name();

    /** What this heartbeat reports, or null for nothing. Called on the connection's thread: be quick. */
    Object report();

    /** labd's notice for this topic. Called on the connection's thread: hand long work to another. */
    void notice(Object notice);
}
