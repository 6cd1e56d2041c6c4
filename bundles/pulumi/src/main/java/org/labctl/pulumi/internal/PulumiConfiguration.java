package org.labctl.pulumi.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How labd runs the Pulumi engine (PID {@code org.labctl.pulumi}). */
@ObjectClassDefinition(name = "labd Pulumi engine")
public @interface PulumiConfiguration {

    @AttributeDefinition(description = "The directory holding the pulumi CLI, pulumi-language-java and the resource "
            + "providers (pulumi-resource-NAME); empty: $LABCTL_PULUMI_BIN, else the directory of the pulumi on labd's PATH")
    String engine_bin() default "";

    @AttributeDefinition(description = "Seconds a run may last before labd cancels it")
    int run_timeout_seconds() default 3600;

    @AttributeDefinition(description = "Seconds a running run may go without its labd instance keeping it alive before "
            + "another instance frees its stack")
    int abandon_after_seconds() default 30;
}
