package org.labctl.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.ServerInfo;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Environments and servers for other bundles, which never touch core's tables themselves: ca
 * enrolls servers, exec records their agents' heartbeats, the bastion keeps its environment and
 * replaces reprovisioned servers. The methods that take a {@link SqlSession} run in that caller's
 * transaction ({@link Database#join}).
 */
@ProviderType
public interface Inventory {

    /** The environment, created when it is not there yet. */
    EnvironmentInfo ensureEnvironment(String cloud, String name);

    /** Whether the cloud ({@code environment} null) or the environment in that cloud exists. */
    boolean placeExists(String cloud, String environment);

    /** The server with this name, if there is one. */
    Optional<ServerInfo> server(String name);

    /**
     * The servers in {@code cloud} and {@code environment} (either null: any) with all of
     * {@code labels}, by name: what a fan-out selects.
     */
    List<ServerInfo> servers(String cloud, String environment, Map<String, String> labels);

    /** The server with this id (an agent's {@link org.labctl.api.Caller#name()}), if there is one. */
    Optional<ServerInfo> serverWithId(String id);

    /** The servers that enrolled with this join token (its id), by name. */
    List<ServerInfo> enrolledWith(String tokenId);

    /**
     * Records a server that enrolls, in the enrolling bundle's {@code transaction}: NotReady until
     * its agent's first heartbeat, its role from the label {@code role}.
     *
     * @return false, recording nothing, when a server of that name exists already
     * @throws org.labctl.api.NotFoundException when its cloud or environment no longer exists
     */
    boolean enroll(Enrolling server, SqlSession transaction);

    /**
     * Records a heartbeat of the server's agent, in the caller's {@code transaction}: when it was seen,
     * the agent's version and the facts it reported.
     *
     * @return false when no server has that id (it was deleted)
     */
    boolean seen(String serverId, String agentVersion, Map<String, Object> facts, SqlSession transaction);

    /**
     * Revokes the server's agent certificates and forgets it, as {@code labctl delete server} does.
     *
     * @throws org.labctl.api.NotFoundException when there is no such server
     */
    ServerInfo deleteServer(String name, String deletedBy);

    /**
     * A server that enrolls.
     *
     * @param id          its id, which its agent certificate carries ({@code labctl://server/<id>})
     * @param name        its name, unique
     * @param hostname    the machine's host name
     * @param mac         its MAC address, or null
     * @param cloud       the cloud it joins
     * @param environment the environment it joins, or null
     * @param labels      its labels
     * @param tokenId     the join token it enrolled with
     */
    record Enrolling(String id, String name, String hostname, String mac, String cloud, String environment,
                     Map<String, String> labels, String tokenId) {
    }
}
