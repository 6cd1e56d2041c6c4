package org.labctl.ca.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code org.labctl.ca.tls}: labd's own HTTPS certificate and the admin's first config. */
@ObjectClassDefinition(name = "labd TLS")
public @interface TlsConfiguration {

    @AttributeDefinition(name = "Extra server names", required = false,
            description = "DNS names and IP addresses labd's certificate carries besides localhost, 127.0.0.1, ::1 and the host name")
    String[] server_san() default {};

    @AttributeDefinition(name = "Server certificate lifetime (days)")
    int server_lifetime_days() default 365;

    @AttributeDefinition(name = "Admin certificate lifetime (days)",
            description = "Lifetime of the certificate in the admin config labd writes on first start")
    int admin_lifetime_days() default 365;
}
