package org.labctl.exec;

import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The lab-agents connected to this labd instance over their WebSocket. */
@ProviderType
public interface AgentHub {

    /** Ids of the servers whose agents are connected here now. */
    Set<String> connected();
}
