package org.labctl.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;
import org.osgi.annotation.bundle.Requirement;

/**
 * Declares the database tables a bundle owns. Put it on a package of the bundle (its
 * {@code package-info.java}) and the SQL migrations in {@code db/<name>/V<n>__<what>.sql} of the
 * bundle; the build turns it into a {@code labctl.schema} capability of the bundle's manifest.
 * <p>
 * Core's {@link Database} migrates the schema with Flyway, from the bundle's own class loader, into
 * its own history table {@code <name>_schema_history}, when the bundle starts: core's schema first,
 * then each schema after those it names in {@link #after()}. Until its schema is migrated, the
 * session factories built with the bundle's mappers answer {@link org.labctl.api.Unavailable}, as
 * they do while the database is down; health lists each schema's version. Migrations are numbered
 * and never edited once released; only the owning bundle's mappers query its tables.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Capability(namespace = Schema.NAMESPACE)
@Requirement(namespace = "osgi.extender", name = Schema.EXTENDER, version = Schema.EXTENDER_VERSION)
public @interface Schema {

    /** The capability namespace, and its attribute that holds the schema's name. */
    String NAMESPACE = "labctl.schema";

    /** The capability attribute that lists the schemas to migrate first. */
    String AFTER = "after";

    /** The extender that migrates declared schemas: core's database. */
    String EXTENDER = "labctl.schema";

    /** The version of that extender. */
    String EXTENDER_VERSION = "1.0.0";

    /**
     * The schema's name: lower-case letters, digits and underscores, starting with a letter; unique
     * among the bundles of one labd. It names the migrations' folder {@code db/<name>} and the history
     * table {@code <name>_schema_history}.
     */
    @Attribute(NAMESPACE)
    String value();

    /**
     * The schemas to migrate before this one besides core's, which always comes first: those whose
     * tables this schema's tables reference.
     */
    @Attribute(AFTER)
    String[] after() default {};
}
