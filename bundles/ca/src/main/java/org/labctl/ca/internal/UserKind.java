package org.labctl.ca.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/** Users, as the gate sees them: all at {@code *:*:users}, outside clouds. */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=user")
public final class UserKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "manage", "admin");

    @Override
    public String name() {
        return "user";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    /** Every user has the one address of the kind: permissions do not tell one from another. */
    @Override
    public Address locate(String name) {
        return new Address(Permission.ANY, Permission.ANY, "users");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
