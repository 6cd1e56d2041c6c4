package org.labctl.core.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the current version with Flyway. The SQL migrations are
 * {@code db/migration/V<n>__<what>.sql} in this bundle; released ones are never edited.
 * Flyway is embedded in this bundle, so its database plugins and the migrations are found through
 * this bundle's own class loader.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies pending migrations and returns the schema version now in place. */
    static String migrate(DataSource dataSource) {
        ClassLoader loader = Migrations.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Flyway flyway = Flyway.configure(loader)
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .table("schema_history")
                    .validateMigrationNaming(true)
                    .failOnMissingLocations(true)
                    .load();
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Applied {} schema migration(s): now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
            }
            MigrationVersion current = flyway.info().current() == null ? null : flyway.info().current().getVersion();
            return current == null ? "0" : current.getVersion();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
