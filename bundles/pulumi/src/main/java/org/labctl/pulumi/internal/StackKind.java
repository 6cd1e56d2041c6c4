package org.labctl.pulumi.internal;

import java.util.Set;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Stacks, as the gate sees them: the stack {@code web} in {@code aws/prod} is {@code aws:prod:web}, named
 * {@code CLOUD/ENV/NAME} (its address is computed, not looked up: a stack is created by its first run). {@code read}
 * shows it and its runs, {@code apply} plans and applies programs on it (and cancels their runs), {@code destroy}
 * destroys it, which a role that may only apply cannot.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=stack")
public final class StackKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "apply", "destroy");

    @Override
    public String name() {
        return "stack";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        if (name.isEmpty()) {
            return new Address(Permission.ANY, Permission.ANY, "stacks");
        }
        String[] parts = name.split("/", -1);
        if (parts.length != 3) {
            throw new InvalidArgument(name + " is not a stack: CLOUD/ENVIRONMENT/NAME");
        }
        RunService.checkName(parts[0], "cloud");
        RunService.checkName(parts[1], "environment");
        RunService.checkName(parts[2], "stack");
        return new Address(parts[0], parts[1], parts[2]);
    }

    @Override
    public boolean looksUp() {
        return false;
    }

    @Override
    public String listing() {
        return "labctl stacks list";
    }
}
