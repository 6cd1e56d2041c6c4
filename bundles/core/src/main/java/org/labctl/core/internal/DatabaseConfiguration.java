package org.labctl.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of PID {@code org.labctl.core.database}. Without a URL labd runs its own embedded
 * PostgreSQL; with one it uses that external database. Each key falls back to an environment
 * variable ({@code LABD_DB_URL}, {@code LABD_DB_USER}, {@code LABD_DB_PASSWORD}).
 */
@ObjectClassDefinition(name = "labd database", description = "Where labd keeps its state")
public @interface DatabaseConfiguration {

    @AttributeDefinition(name = "JDBC URL", required = false,
            description = "jdbc:postgresql://host:port/db of an external PostgreSQL or CockroachDB; empty = embedded")
    String labd_db_url() default "";

    @AttributeDefinition(name = "User", required = false)
    String labd_db_user() default "";

    @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD)
    String labd_db_password() default "";

    @AttributeDefinition(name = "Embedded data directory", required = false,
            description = "Where the embedded PostgreSQL keeps its files; empty = <labd.data>/postgres")
    String embedded_dir() default "";

    @AttributeDefinition(name = "Pool size", description = "Maximum connections from this labd instance")
    int pool_size() default 10;

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "How long a request waits for a connection before the database counts as down")
    int connect_timeout_ms() default 3000;

    @AttributeDefinition(name = "Retry interval (ms)",
            description = "Longest wait between attempts to reach an unavailable database")
    int retry_max_ms() default 5000;
}
