package org.labctl.ca.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code org.labctl.ca}. */
@ObjectClassDefinition(name = "labd certificate authority")
public @interface CaConfiguration {

    @AttributeDefinition(name = "Root CA lifetime (days)")
    int ca_lifetime_days() default 3650;

    @AttributeDefinition(name = "Revocation refresh (ms)",
            description = "How often each labd instance reloads the revoked serials from the database")
    int revocation_refresh_ms() default 2000;
}
