package org.labctl.rbac.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/** Roles and their bindings, as the gate sees them: all at {@code *:*:roles}, outside clouds. */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=role")
public final class RoleKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "manage", "admin");

    @Override
    public String name() {
        return "role";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    /** Every role has the one address of the kind: permissions do not tell one from another. */
    @Override
    public Address locate(String name) {
        return new Address(Permission.ANY, Permission.ANY, "roles");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
