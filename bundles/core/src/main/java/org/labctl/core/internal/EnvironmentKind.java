package org.labctl.core.internal;

import java.util.Set;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Environments, as the gate sees them: {@code <cloud>/<name>} is the whole environment,
 * {@code <cloud>:<name>:*}; the kind as a whole (creating one) is {@code *:*:environments}.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=environment")
public final class EnvironmentKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.copyOf(Permission.ACTIONS);

    @Override
    public String name() {
        return "environment";
    }

    /** Every action: an environment's address stands for everything in it. */
    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        if (name.isEmpty()) {
            return new Address(Permission.ANY, Permission.ANY, "environments");
        }
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            throw new InvalidArgument("an environment is environment/<cloud>/<name>, like environment/baremetal/lab");
        }
        return new Address(name.substring(0, slash), name.substring(slash + 1), Permission.ANY);
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
