package org.labctl.core.internal;

import java.util.Optional;
import org.apache.ibatis.session.SqlSession;
import org.labctl.api.Conflict;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentInfo;
import org.labctl.api.NotFoundException;
import org.labctl.api.ServerInfo;
import org.labctl.core.Inventory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link Inventory} over the placement and server services. */
@Component(service = Inventory.class)
public class InventoryService implements Inventory {

    private final PlacementService placement;
    private final ServerService servers;

    @Activate
    public InventoryService(@Reference PlacementService placement, @Reference ServerService servers) {
        this.placement = placement;
        this.servers = servers;
    }

    @Override
    public EnvironmentInfo ensureEnvironment(String cloud, String name) {
        Optional<EnvironmentInfo> known = find(cloud, name);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            return placement.createEnvironment(new CreateEnvironmentRequest(name, cloud, null), "labd");
        } catch (Conflict raced) {
            return find(cloud, name).orElseThrow(() -> raced);
        }
    }

    @Override
    public boolean placeExists(String cloud, String environment) {
        return servers.placeExists(cloud, environment);
    }

    @Override
    public Optional<ServerInfo> server(String name) {
        try {
            return Optional.of(servers.describe(name).server());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public java.util.List<ServerInfo> servers(String cloud, String environment, java.util.Map<String, String> labels) {
        return servers.list(cloud, environment, labels);
    }

    @Override
    public Optional<ServerInfo> serverWithId(String id) {
        return Optional.ofNullable(servers.withId(id));
    }

    @Override
    public java.util.List<ServerInfo> enrolledWith(String tokenId) {
        return servers.enrolledWith(tokenId);
    }

    @Override
    public boolean enroll(Enrolling server, SqlSession transaction) {
        return servers.enroll(server, transaction);
    }

    @Override
    public boolean seen(String serverId, String agentVersion, java.util.Map<String, Object> facts, SqlSession transaction) {
        return servers.seen(serverId, agentVersion, facts, transaction);
    }

    @Override
    public ServerInfo deleteServer(String name, String deletedBy) {
        return servers.delete(name, deletedBy);
    }

    private Optional<EnvironmentInfo> find(String cloud, String name) {
        return placement.environments(cloud).stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
