package org.labctl.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.labctl.api.HealthInfo;
import org.labctl.tests.harness.Await;
import org.labctl.tests.harness.Http;
import org.labctl.tests.harness.LabdProcess;
import org.labctl.tests.harness.Repo;
import org.labctl.tests.harness.SharedDatabase;

/**
 * A database made before each bundle owned its tables (one history, {@code schema_history}, at
 * version 5, made here by Flyway from a copy of those migrations in {@code db/single-history}) comes
 * up under today's labd with its data, each bundle's schema starting from a baseline, the unused
 * tables dropped, and the same tables as a database made by the bundles' own migrations.
 */
class SchemaUpgradeIT {

    private static final Map<String, String> SCHEMAS = Map.of("core", "7", "ca", "2", "rbac", "2", "exec", "2", "modules", "2", "clusters", "1",
                    "pulumi", "2");
    private static final String[][] BUNDLE_SCHEMAS = {
        {"core", "bundles/core"}, {"ca", "bundles/ca"}, {"exec", "bundles/exec"}, {"rbac", "bundles/rbac"},
        {"modules", "bundles/modules"}, {"clusters", "bundles/clusters"}, {"pulumi", "bundles/pulumi"}};

    @Test
    void aDatabaseOfTheSingleHistoryComesUpWithItsDataInEachBundlesSchema() throws Exception {
        Path dir = Repo.scratch("schema-upgrade");
        try (SharedDatabase db = new SharedDatabase(dir)) {
            singleHistory(db.url(), "5");
            String clusterId;
            try (Connection c = connect(db.url()); Statement s = c.createStatement()) {
                s.execute("INSERT INTO environments (cloud_id, name, created_by) SELECT id, 'lab', 'alice' FROM clouds "
                        + "WHERE name = 'baremetal'");
                s.execute("INSERT INTO servers (name, hostname, cloud_id, environment_id, labels, status) "
                        + "SELECT 'web-1', 'web-1.lab', c.id, e.id, '{\"rack\": \"r1\"}', 'NotReady' FROM clouds c "
                        + "JOIN environments e ON e.cloud_id = c.id WHERE c.name = 'baremetal' AND e.name = 'lab'");
                s.execute("INSERT INTO agents (server_id, certificate_serial) SELECT id, 'a1b2' FROM servers WHERE name = 'web-1'");
                s.execute("INSERT INTO certificates (serial, subject, kind, server_id, fingerprint, certificate_pem, not_before, "
                        + "not_after) SELECT 'a1b2', 'CN=web-1', 'agent', id, 'f1', 'pem', now() - interval '1 day', "
                        + "now() + interval '89 days' FROM servers WHERE name = 'web-1'");
                s.execute("INSERT INTO users (name, description, created_by) VALUES ('alice', 'operates the lab', 'admin')");
                s.execute("INSERT INTO roles (name, description, created_by) VALUES ('operator', 'runs the lab', 'admin')");
                s.execute("INSERT INTO permissions (role_id, effect, action, cloud, environment, name) "
                        + "SELECT id, 'allow', 'exec', 'baremetal', 'lab', '*' FROM roles WHERE name = 'operator'");
                s.execute("INSERT INTO role_bindings (role_id, user_id, created_by) SELECT r.id, u.id, 'admin' "
                        + "FROM roles r, users u WHERE r.name = 'operator' AND u.name = 'alice'");
                s.execute("INSERT INTO join_tokens (token_hash, kind, description, address, cloud_id, environment_id) "
                        + "SELECT 'hash-1', 'reusable', 'rack r1', '10.0.0.0/24', c.id, e.id FROM clouds c "
                        + "JOIN environments e ON e.cloud_id = c.id WHERE c.name = 'baremetal' AND e.name = 'lab'");
                s.execute("INSERT INTO audit_log (request_id, user_name, action, resource, result) "
                        + "VALUES ('r-1', 'alice', 'read', 'server/web-1', 'allowed')");
                try (ResultSet rs = s.executeQuery("SELECT value FROM settings WHERE key = 'cluster.id'")) {
                    rs.next();
                    clusterId = rs.getString(1);
                }
            }

            try (LabdProcess labd = db.labd("labd").start()) {
                HealthInfo health = labd.awaitHealthy();
                assertEquals("7", health.database().schemaVersion(), "core's version goes on from the single history's");
                assertEquals(SCHEMAS, health.database().schemas());
                assertEquals(clusterId, health.clusterId(), "the installation keeps its identity");

                Http admin = labd.admin();
                Http.Response server = admin.get(labd.url("/api/v1/servers/web-1"));
                assertEquals(200, server.status(), server.body());
                assertTrue(server.body().contains("\"rack\":\"r1\"") && server.body().contains("a1b2"), server.body());
                Http.Response role = admin.get(labd.url("/api/v1/roles/operator"));
                assertEquals(200, role.status(), role.body());
                assertTrue(role.body().contains("exec:baremetal:lab:*") && role.body().contains("\"alice\""), role.body());
                Http.Response users = admin.get(labd.url("/api/v1/users"));
                assertTrue(users.body().contains("\"alice\"") && users.body().contains("\"admin\""), users.body());

                try (Connection c = connect(db.url()); Statement s = c.createStatement()) {
                    for (String unused : List.of("apps", "app_releases")) {
                        assertFalse(tables(s).contains(unused), unused + " is dropped");
                    }
                    // and its unused pulumi_runs too: the pulumi bundle makes its own
                    assertEquals(1, count(s, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'pulumi_runs' "
                            + "AND column_name = 'cancel_requested'"), "pulumi_runs is the pulumi bundle's table");
                    // the single history's unused clusters table is dropped by core; the clusters bundle makes its own
                    assertEquals(1, count(s, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'clusters' "
                            + "AND column_name = 'credential_sealed'"), "clusters is the clusters bundle's table");
                    assertEquals(1, count(s, "SELECT count(*) FROM join_tokens WHERE address = '10.0.0.0/24' "
                            + "AND cloud = 'baremetal' AND environment = 'lab'"), "a token keeps its place, by name");
                    assertEquals(1, count(s, "SELECT count(*) FROM role_bindings WHERE user_name = 'alice'"),
                            "a binding keeps its user, by name");
                    assertEquals(1, count(s, "SELECT count(*) FROM audit_log WHERE request_id = 'r-1'"));
                    assertEquals(1, count(s, "SELECT count(*) FROM core_schema_history WHERE version = '5' AND type = 'BASELINE'"));
                    assertEquals(1, count(s, "SELECT count(*) FROM core_schema_history WHERE version = '6' AND success"));
                    assertEquals(1, count(s, "SELECT count(*) FROM core_schema_history WHERE version = '7' AND success"));
                    for (String schema : List.of("ca", "rbac", "exec")) {
                        assertEquals(1, count(s, "SELECT count(*) FROM " + schema + "_schema_history WHERE version = '1' "
                                + "AND type = 'BASELINE'"), schema + " starts from its baseline");
                    }
                    assertEquals(2, count(s, "SELECT count(*) FROM roles WHERE builtin"), "no second copy of the built-in roles");
                }

                // the next start finds every schema at its version
                labd.stop();
                labd.start();
                assertEquals(SCHEMAS, labd.awaitHealthy().database().schemas());
            }

            // the tables are those the bundles' own migrations make on an empty database
            try (Connection c = connect(db.url()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE fresh");
            }
            String fresh = db.url().replace("/labd", "/fresh");
            for (String[] schema : BUNDLE_SCHEMAS) {
                Flyway.configure().dataSource(fresh, "postgres", "")
                        .locations("filesystem:" + Repo.root().resolve(schema[1]).resolve("src/main/resources/db/" + schema[0]))
                        .table(schema[0] + "_schema_history").failOnMissingLocations(true)
                        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            }
            assertEquals(layout(fresh), layout(db.url()));
        }
    }

    @Test
    void aDatabaseTheSingleHistoryLeftHalfwayIsRefusedWithTheReason() throws Exception {
        Path dir = Repo.scratch("schema-upgrade-halfway");
        try (SharedDatabase db = new SharedDatabase(dir)) {
            singleHistory(db.url(), "3");
            try (LabdProcess labd = db.labd("labd").start()) {
                // without its database labd has no CA yet, hence no listener: the log says why
                Await.until(Duration.ofSeconds(120), "the single history's version logged",
                        () -> labd.log().contains("(table schema_history) is at version 3, not 5") ? labd.log() : null);
                assertTrue(labd.alive(), "labd keeps running");
                try (Connection c = connect(db.url()); Statement s = c.createStatement()) {
                    assertFalse(tables(s).contains("core_schema_history"), "nothing was migrated");
                }
            }
        }
    }

    private static void singleHistory(String url, String version) {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/single-history")
                .table("schema_history").target(version).failOnMissingLocations(true).load().migrate();
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> tables(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Every column, constraint and index of labd's tables (the histories aside), one line each. */
    private static List<String> layout(String url) throws SQLException {
        List<String> lines = new ArrayList<>();
        String notHistory = " NOT LIKE '%schema_history'";
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            collect(s, lines, "SELECT table_name || '.' || column_name || ' ' || data_type || ' null=' || is_nullable "
                    + "|| ' default=' || COALESCE(column_default, '') || ' #' || ordinal_position FROM information_schema.columns "
                    + "WHERE table_schema = 'public' AND table_name" + notHistory);
            collect(s, lines, "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
                    + "FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text" + notHistory);
            collect(s, lines, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename" + notHistory);
        }
        return lines.stream().sorted().toList();
    }

    private static void collect(Statement s, List<String> lines, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
    }
}
