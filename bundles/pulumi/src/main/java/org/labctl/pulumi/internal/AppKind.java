package org.labctl.pulumi.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * labd's catalog of apps, as the gate sees it: one address, {@code *:*:apps}. {@code read} lists and shows the apps,
 * {@code manage} publishes one. An installed app is a stack (its release): installing, upgrading and rolling back need
 * {@code apply} on it, uninstalling {@code destroy}.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=app")
public final class AppKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "manage");

    @Override
    public String name() {
        return "app";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        return new Address(Permission.ANY, Permission.ANY, "apps");
    }

    @Override
    public boolean looksUp() {
        return false;
    }

    @Override
    public String listing() {
        return "labctl apps catalog";
    }
}
