package org.labctl.core.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Clouds, as the gate sees them: a cloud is {@code <name>:*:*}, everything in it; the kind as a
 * whole (creating and deleting clouds) is {@code *:*:clouds}.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=cloud")
public final class CloudKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.copyOf(Permission.ACTIONS);

    @Override
    public String name() {
        return "cloud";
    }

    /** Every action: a cloud's address stands for everything in it. */
    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        return name.isEmpty() ? new Address(Permission.ANY, Permission.ANY, "clouds") : new Address(name, Permission.ANY, Permission.ANY);
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
