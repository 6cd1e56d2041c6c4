package org.labctl.core;

import java.util.Optional;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.ServerInfo;
import org.osgi.annotation.versioning.ProviderType;

/** Environments and servers for other bundles: the bastion keeps its environment and replaces reprovisioned servers. */
@ProviderType
public interface Inventory {

    /** The environment, created when it is not there yet. */
    EnvironmentInfo ensureEnvironment(String cloud, String name);

    /** The server with this name, if there is one. */
    Optional<ServerInfo> server(String name);

    /** The server with this id (an agent's {@link org.labctl.api.Caller#name()}), if there is one. */
    Optional<ServerInfo> serverWithId(String id);

    /**
     * Revokes the server's agent certificates and forgets it, as {@code labctl delete server} does.
     *
     * @throws org.labctl.api.NotFoundException when there is no such server
     */
    ServerInfo deleteServer(String name, String deletedBy);
}
