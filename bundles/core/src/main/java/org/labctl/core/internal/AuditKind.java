package org.labctl.core.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/** The audit log, as the gate sees it: one resource outside clouds, {@code *:*:audit}, read only. */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=audit")
public final class AuditKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "admin");

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        return new Address(Permission.ANY, Permission.ANY, "audit");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
