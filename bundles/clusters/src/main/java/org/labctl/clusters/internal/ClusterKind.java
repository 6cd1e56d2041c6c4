package org.labctl.clusters.internal;

import java.util.Set;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Clusters, as the gate sees them: the cluster {@code prod-eu} placed in {@code aws/prod} is {@code aws:prod:prod-eu};
 * one added without a placement is outside clouds ({@code *:*:prod-eu}). {@code kubectl} on it reaches its API through
 * labd's proxy, {@code read} lists and describes it, {@code manage} adds and removes it. A name with slashes,
 * {@code CLOUD/ENVIRONMENT/NAME}, is the place a cluster is being added at (nothing is looked up).
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=cluster")
public final class ClusterKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "manage", "kubectl");

    private final ClusterStore store;

    @Activate
    public ClusterKind(@Reference ClusterStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        if (name.isEmpty()) {
            return new Address(Permission.ANY, Permission.ANY, "clusters");
        }
        String[] parts = name.split("/", -1);
        if (parts.length == 3) {
            return new Address(ClusterNames.place(parts[0], "cloud"), ClusterNames.place(parts[1], "environment"),
                    ClusterNames.check(parts[2]));
        }
        if (parts.length != 1) {
            throw new InvalidArgument(name + " is not a cluster's name, nor CLOUD/ENVIRONMENT/NAME");
        }
        ClusterMapper.Row row = store.recentRow(ClusterNames.check(name));
        return row == null ? null : new Address(row.cloud(), row.environment(), row.name());
    }

    @Override
    public boolean looksUp() {
        return true;
    }

    @Override
    public String listing() {
        return "labctl clusters list";
    }
}
