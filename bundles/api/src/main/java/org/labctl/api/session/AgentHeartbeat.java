package org.labctl.api.session;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent's heartbeat, as an OSGi service of the agent's runtime for its {@link AgentTopic}s: a topic whose report
 * changed in a way labd should hear at once (a module became ready or failed) asks for a heartbeat now rather than at
 * the next regular one (every 10 s by default). Calls close together make one heartbeat; a heartbeat goes out at most
 * every quarter of a second.
 */
@ProviderType
public interface AgentHeartbeat {

    /** Sends a heartbeat soon, with every topic's report as it is then. Returns at once; safe from any thread. */
    void soon();
}
