package org.labctl.exec;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The lab-agents connected to this labd instance over their WebSocket. */
@ProviderType
public interface AgentHub {

    /** Ids of the servers whose agents are connected here now. */
    Set<String> connected();

    /**
     * Sends the server's agent a notice for {@code topic} now, if it is connected here; an agent
     * connected elsewhere hears of it with its next heartbeat's ack (within its heartbeat interval),
     * through {@link AgentTopicHandler#notice}.
     *
     * @return whether it was sent
     */
    boolean notify(String serverId, String topic, Object notice);
}
