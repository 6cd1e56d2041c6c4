package org.labctl.pulumi.internal;

import java.util.Set;
import org.labctl.core.ResourceKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs ({@code pulumi/ID}), as the gate sees them: at the address of their stack, so whoever may read a stack may read
 * its runs' logs and whoever may apply to it may cancel them. A run the caller may not read answers as one that does not
 * exist.
 */
@Component(service = ResourceKind.class, property = ResourceKind.PROPERTY + "=pulumi")
public final class RunKind implements ResourceKind {

    private static final Set<String> ACTIONS = Set.of("read", "apply");

    private final RunService runs;

    @Activate
    public RunKind(@Reference RunService runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "pulumi";
    }

    @Override
    public Set<String> actions() {
        return ACTIONS;
    }

    @Override
    public Address locate(String name) {
        PulumiMapper.Run run = runs.row(name);
        return run == null ? null : new Address(run.cloud(), run.environment(), run.stack());
    }

    @Override
    public boolean looksUp() {
        return true;
    }

    /** A run the caller may not see is refused by its id, never by its stack's name. */
    @Override
    public String concealedName(String requested, Address where) {
        return requested;
    }

    @Override
    public String listing() {
        return "labctl stacks history CLOUD/ENV/NAME";
    }
}
