package org.labctl.core.internal;

import java.util.Set;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Component;

/**
 * Operators, as the gate sees them: the SSH keys that open labd's Karaf console, at
 * {@code *:*:operators}. Adding one needs {@code admin}, not {@code manage}: the console reaches the
 * Karaf runtime itself (with the group an operator gets, its read-only commands), which no labd
 * role can take back, so it is granted only by those who may administer everything else too.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=operator")
public final class OperatorKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "admin");

    @Override
    public String name() {
        return "operator";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        return new Address("*", "*", "operators");
    }

    @Override
    public boolean looksUp() {
        return false;
    }
}
