package org.labctl.api.session;

import java.util.UUID;
import org.labctl.api.ExecStart;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The agent core's process runner, an OSGi service, for handlers whose session is a command (the
 * journal's journalctl): the process tree, its windows, signals, timeout and abort, as for exec.
 */
@ProviderType
public interface Commands {

    /** A session that runs {@code command} when started. */
    AgentSession command(UUID session, ExecStart command, Outbound out);
}
