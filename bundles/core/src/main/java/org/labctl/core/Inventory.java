package org.labctl.core;

import java.util.List;
import java.util.Map;
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

    /**
     * The servers in {@code cloud} and {@code environment} (either null: any) with all of
     * {@code labels}, by name: what a fan-out selects.
     */
    List<ServerInfo> servers(String cloud, String environment, Map<String, String> labels);

    /** The server with this id (an agent's {@link org.labctl.api.Caller#name()}), if there is one. */
    Optional<ServerInfo> serverWithId(String id);

    /**
     * Revokes the server's agent certificates and forgets it, as {@code labctl delete server} does.
     *
     * @throws org.labctl.api.NotFoundException when there is no such server
     */
    ServerInfo deleteServer(String name, String deletedBy);
}
