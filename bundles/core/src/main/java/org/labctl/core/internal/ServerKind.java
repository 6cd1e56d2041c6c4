package org.labctl.core.internal;

import java.util.Set;
import org.labctl.core.Database;
import org.labctl.core.Placement;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Servers, as the gate sees them: looked up by name, at {@code cloud:environment:name} ({@code -} for no environment). */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=server")
public final class ServerKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "exec", "manage", "apply", "destroy", "admin");
    private final ServerPlacement placement;

    @Activate
    public ServerKind(@Reference Database database) {
        this.placement = new ServerPlacement(database);
    }

    @Override
    public String name() {
        return "server";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        Placement where = placement.of(name);
        return where == null ? null : new Address(where.cloud(), where.environment(), name);
    }

    @Override
    public boolean looksUp() {
        return true;
    }
}
