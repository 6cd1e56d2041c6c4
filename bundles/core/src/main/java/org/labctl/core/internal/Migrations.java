package org.labctl.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one bundle's schema to its latest version with Flyway: the SQL migrations
 * {@code db/<schema>/V<n>__<what>.sql} of the declaring bundle, read through that bundle's class
 * loader, recorded in the schema's own history table. Released migrations are never edited.
 * <p>
 * Databases made before bundles owned their tables have one history, {@code schema_history}, at its
 * version 5, which created the tables of the schemas core, ca, rbac and exec. There each of those
 * schemas starts from a baseline at the version its first migration has (core's is 5, so that core's
 * version goes on from the single history's) instead of creating tables that exist. That table is left
 * as it is: it tells the bundles installed later that their tables exist.
 */
final class Migrations {

    /** The single history of databases made before per-bundle schemas, and the version it ends at. */
    static final String LEGACY_HISTORY = "schema_history";
    static final String LEGACY_VERSION = "5";
    /** The schemas whose tables the single history created, and the version of their first migration. */
    static final Map<String, String> LEGACY_BASELINES = Map.of("core", "5", "ca", "1", "rbac", "1", "exec", "1");

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Applies the schema's pending migrations and returns the version now in place. */
    static String migrate(DataSource dataSource, SchemaDeclaration schema) throws SQLException {
        // Flyway's database plugins are embedded in this bundle: it finds them through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Migrations.class.getClassLoader());
        try {
            FluentConfiguration config = Flyway.configure(schema.loader())
                    .dataSource(dataSource)
                    .locations(schema.location())
                    .table(schema.historyTable())
                    .validateMigrationNaming(true)
                    .failOnMissingLocations(true);
            // The first time a schema is migrated its history table does not exist, and the database
            // holds other schemas' tables already: Flyway starts the history with a baseline then. At
            // version 0 every migration of the schema runs; at the legacy baseline, those after it.
            // (Flyway writes the description into its SQL as it is: it holds no quote.)
            String legacy = legacyBaseline(dataSource, schema.name());
            config.baselineOnMigrate(true)
                    .baselineVersion(legacy == null ? "0" : legacy)
                    .baselineDescription(legacy == null ? "history begins: every migration follows"
                            : "tables made by the single schema history at version " + LEGACY_VERSION);
            Flyway flyway = config.load();
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Applied {} migration(s) of the schema {}: now at version {}", result.migrationsExecuted,
                        schema.name(), result.targetSchemaVersion);
            }
            MigrationInfo current = flyway.info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().getVersion();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The version to record as the schema's baseline when the database was made by the single history,
     * or null when the schema's migrations are to run from its first.
     */
    static String legacyBaseline(DataSource dataSource, String schema) throws SQLException {
        String baseline = LEGACY_BASELINES.get(schema);
        if (baseline == null) {
            return null;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c, LEGACY_HISTORY)) {
                return null;
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM " + LEGACY_HISTORY + " WHERE version = ? AND success");
                 PreparedStatement last = c.prepareStatement(
                         "SELECT version FROM " + LEGACY_HISTORY + " WHERE success AND version IS NOT NULL "
                                 + "ORDER BY installed_rank DESC LIMIT 1")) {
                s.setString(1, LEGACY_VERSION);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 1) {
                        return baseline;
                    }
                }
                String at;
                try (ResultSet rs = last.executeQuery()) {
                    at = rs.next() ? rs.getString(1) : "none";
                }
                throw new IllegalStateException("the database's single schema history (table " + LEGACY_HISTORY
                        + ") is at version " + at + ", not " + LEGACY_VERSION + ": run the labd that made it once "
                        + "more to finish its migrations, then this one");
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
