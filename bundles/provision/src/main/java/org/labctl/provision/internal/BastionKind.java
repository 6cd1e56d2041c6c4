package org.labctl.provision.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Bastions, as the gate sees them: a bastion is named after the environment it provisions, and its
 * machines are that environment's, so the bastion {@code lab} is {@code baremetal:lab:*}. The kind
 * leaves with this bundle: then the gate answers bastion requests "not installed".
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=bastion")
public final class BastionKind implements ResourceKind {

    /** The cloud bastions provision machines in. */
    public static final String CLOUD = "baremetal";
    private static final Set<String> ACTIONS = Set.of("read", "manage", "admin");

    @Override
    public String name() {
        return "bastion";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        return name.isEmpty() ? new Address(Permission.ANY, Permission.ANY, "bastions") : new Address(CLOUD, name, Permission.ANY);
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
