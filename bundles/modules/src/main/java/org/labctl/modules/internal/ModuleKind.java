package org.labctl.modules.internal;

import java.util.Set;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Modules, as the gate sees them: all at {@code *:*:modules}, outside clouds ({@code manage:*:*:modules} adds,
 * upgrades, rolls back and removes them, {@code read:*:*:modules} lists, describes and shows their status). Putting
 * a module on servers needs {@code apply} on each of them too, which the module manager checks.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=module")
public final class ModuleKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "manage");

    @Override
    public String name() {
        return "module";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    /** Every module has the one address of the kind. */
    @Override
    public Address locate(String name) {
        return new Address(Permission.ANY, Permission.ANY, "modules");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
