package org.labctl.core.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.labctl.api.Conflict;
import org.labctl.api.DatabaseHealth;
import org.labctl.api.Unavailable;
import org.labctl.core.Database;
import org.labctl.core.Labd;
import org.labctl.core.Schema;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * labd's database. Activates at once and connects in the background: labd keeps serving (health
 * says why the database is down) while the database is unreachable, and recovers by itself when it
 * comes back.
 * <p>
 * It is also the extender of {@link Schema}: each started bundle's declared schema is migrated once
 * the database is reached, core's first and each other after those it names; a session factory built
 * with a bundle's mappers answers {@link Unavailable} until that bundle's schemas are migrated.
 */
@Capability(namespace = "osgi.extender", name = Schema.EXTENDER, version = Schema.EXTENDER_VERSION)
@Component(name = "org.labctl.core.database", service = Database.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseConfiguration.class)
public class DatabaseService implements Database {

    static final String EMBEDDED = "embedded";
    static final String EXTERNAL = "external";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseService.class);
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final java.util.regex.Pattern ON_TABLE = java.util.regex.Pattern.compile("on table \"([a-z_]+)\"\\s*$");
    private static final int MAX_RETRIES = 5;

    private final DatabaseSettings settings;
    private final Thread connector;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile EmbeddedPostgresServer embedded;
    private volatile HikariDataSource pool;
    private volatile String url;
    private volatile String lastError;
    private final SchemaRegistry schemas = new SchemaRegistry();
    /** Released when a bundle declaring a schema starts: the connector has work. */
    private final Semaphore declared = new Semaphore(0);
    private final BundleTracker<List<SchemaDeclaration>> schemaBundles;

    @Activate
    public DatabaseService(DatabaseConfiguration config, @Reference Labd labd, BundleContext context) {
        this.settings = DatabaseSettings.from(config, System.getenv(), labd.dataDirectory());
        this.url = settings.embedded() ? null : settings.url();
        this.lastError = settings.embedded() ? "embedded PostgreSQL is starting" : "connecting";
        this.schemaBundles = new BundleTracker<>(context, Bundle.STARTING | Bundle.ACTIVE, null) {
            @Override
            public List<SchemaDeclaration> addingBundle(Bundle bundle, BundleEvent event) {
                return declare(bundle);
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, List<SchemaDeclaration> declarations) {
                declarations.forEach(schemas::withdraw);
            }
        };
        this.schemaBundles.open();
        this.connector = new Thread(this::connect, "labd-database-connector");
        this.connector.setDaemon(true);
        this.connector.start();
    }

    private List<SchemaDeclaration> declare(Bundle bundle) {
        List<SchemaDeclaration> declarations;
        try {
            declarations = SchemaDeclaration.of(bundle);
        } catch (IllegalArgumentException e) {
            LOG.error("Ignoring the schema of {}: {}", bundle.getSymbolicName(), e.getMessage());
            return null;
        }
        if (declarations.isEmpty()) {
            return null;
        }
        declarations.forEach(schemas::declare);
        declared.release();
        return declarations;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        schemaBundles.close();
        stopped.countDown();
        connector.interrupt();
        connector.join(TimeUnit.SECONDS.toMillis(30));
        HikariDataSource current = pool;
        if (current != null) {
            current.close();
        }
        EmbeddedPostgresServer server = embedded;
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts the embedded server when needed, then migrates the declared schemas, and again each time a
     * bundle declaring one starts; retries with backoff until it succeeds or labd stops.
     */
    private void connect() {
        long backoff = 200;
        String logged = null;
        while (stopped.getCount() > 0) {
            try {
                if (pool == null) {
                    pool = createPool();
                }
                if (migrateDeclared()) {
                    backoff = 200;
                    declared.acquire();
                    declared.drainPermits();
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception | LinkageError e) {
                lastError = describe(e);
                if (!lastError.equals(logged)) {
                    LOG.error("Database {} ({}) is not usable: {}. labd keeps running and retries.", displayUrl(), mode(), lastError);
                    LOG.debug("Database failure detail", e);
                    logged = lastError;
                }
            }
            backoff = Math.min(backoff * 2, settings.retryMaxMs());
            try {
                if (stopped.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Migrates every declared schema that can be, in order. Core's failing stops here (the database is
     * not usable); another's is recorded for health and leaves the rest to go on.
     *
     * @return whether every schema that could be migrated was
     */
    private boolean migrateDeclared() throws Exception {
        List<SchemaDeclaration> failed = new ArrayList<>();
        for (Optional<SchemaDeclaration> next = schemas.next(failed); next.isPresent(); next = schemas.next(failed)) {
            SchemaDeclaration schema = next.get();
            try {
                String version = Migrations.migrate(pool, schema);
                schemas.applied(schema, version);
                if (schema.name().equals(SchemaDeclaration.CORE)) {
                    LOG.info("Database {} ({}) is ready at schema version {}", displayUrl(), mode(), version);
                } else {
                    LOG.info("Schema {} of {} is at version {}", schema.name(), schema.owner(), version);
                }
            } catch (Exception | LinkageError e) {
                if (schema.name().equals(SchemaDeclaration.CORE)) {
                    throw e;
                }
                String error = describe(e);
                if (schemas.failed(schema, error)) {
                    LOG.error("The schema {} of {} cannot be migrated: {}. labd retries.", schema.name(), schema.owner(), error);
                    LOG.debug("Migration failure detail", e);
                }
                failed.add(schema);
            }
        }
        schemas.publish();
        if (schemas.version(SchemaDeclaration.CORE) != null) {
            lastError = null;
        }
        return failed.isEmpty();
    }

    private HikariDataSource createPool() throws Exception {
        String user = settings.user();
        String password = settings.password();
        if (settings.embedded()) {
            if (embedded == null) {
                EmbeddedPostgresServer server = new EmbeddedPostgresServer(settings.embeddedDir());
                try {
                    url = server.start();
                } catch (Exception e) {
                    server.close();
                    throw e;
                }
                embedded = server;
            }
            user = embedded.user();
            password = embedded.password();
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("labd");
        hikari.setJdbcUrl(url);
        hikari.setDriverClassName(org.postgresql.Driver.class.getName());
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(settings.connectTimeoutMs());
        hikari.setValidationTimeout(Math.min(settings.connectTimeoutMs(), 1000));
        // start even when the database is down: health reports it and the pool recovers by itself
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", "labd");
        hikari.addDataSourceProperty("connectTimeout", Math.max(1, settings.connectTimeoutMs() / 1000));
        hikari.addDataSourceProperty("tcpKeepAlive", true);
        return new HikariDataSource(hikari);
    }

    @Override
    public DatabaseHealth health() {
        HikariDataSource current = pool;
        String schemaVersion = schemas.version(SchemaDeclaration.CORE);
        var versions = schemas.versions();
        if (current == null || schemaVersion == null) {
            return new DatabaseHealth(false, mode(), displayUrl(), null, schemaVersion, lastError, versions);
        }
        try (Connection c = current.getConnection()) {
            String version = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            String problem = schemas.problem();
            return new DatabaseHealth(problem == null, mode(), displayUrl(), version, schemaVersion, problem, versions);
        } catch (SQLException | RuntimeException e) {
            return new DatabaseHealth(false, mode(), displayUrl(), null, schemaVersion, describe(e), versions);
        }
    }

    @Override
    public SqlSessionFactory sessionFactory(Class<?>... mappers) {
        // the mappers' bundles' tables must be there before any of their statements runs
        Set<String> required = new TreeSet<>();
        for (Class<?> mapper : mappers) {
            Bundle bundle = FrameworkUtil.getBundle(mapper);
            if (bundle != null) {
                required.addAll(SchemaDeclaration.namesOf(bundle));
            }
        }
        Configuration configuration = new Configuration(
                new Environment("labd", new JdbcTransactionFactory(), new LazyDataSource(() -> requirePool(required))));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.addInterceptor(new WriteTracker());
        for (Class<?> mapper : mappers) {
            configuration.addMapper(mapper);
        }
        return new SqlSessionFactoryBuilder().build(configuration);
    }

    @Override
    public <T> T transaction(SqlSessionFactory sessions, Work<T> work) {
        requirePool();
        AuditScope audit = AuditScope.current();
        for (int attempt = 1; ; attempt++) {
            try (SqlSession session = sessions.openSession(false)) {
                if (audit != null) {
                    audit.beginTransaction();
                }
                T result = work.run(session);
                boolean auditRow = audit != null && audit.owesRow();
                if (auditRow) {
                    // the request's audit row commits with its change, or neither does
                    try {
                        audit.insert(session.getConnection(), "allowed", null, null);
                    } catch (java.sql.SQLException e) {
                        throw new PersistenceException("cannot write the audit row", e);
                    }
                }
                session.commit(true);
                if (auditRow) {
                    audit.markWritten();
                }
                return result;
            } catch (PersistenceException e) {
                if (attempt < MAX_RETRIES && SERIALIZATION_FAILURE.equals(sqlState(e))) {
                    continue;
                }
                if (isConnectionFailure(e)) {
                    throw new Unavailable("the database is not reachable: " + describe(e));
                }
                if (FOREIGN_KEY_VIOLATION.equals(sqlState(e))) {
                    throw new Conflict("this is still in use by other records (" + referencingTable(e)
                            + "): remove those first");
                }
                throw e;
            }
        }
    }

    private HikariDataSource requirePool() {
        HikariDataSource current = pool;
        if (current == null || schemas.version(SchemaDeclaration.CORE) == null) {
            throw new Unavailable("the database is not ready: " + (lastError == null ? "starting" : lastError));
        }
        return current;
    }

    private HikariDataSource requirePool(Set<String> schemaNames) {
        HikariDataSource current = requirePool();
        String notReady = schemas.notReady(schemaNames);
        if (notReady != null) {
            throw new Unavailable("the database is not ready: " + notReady);
        }
        return current;
    }

    private String mode() {
        return settings.embedded() ? EMBEDDED : EXTERNAL;
    }

    private String displayUrl() {
        return url == null ? "(embedded, starting)" : settings.redact(url);
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The table whose rows still refer to what was to be deleted, as PostgreSQL and CockroachDB name it. */
    private static String referencingTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                String firstLine = sql.getMessage().lines().findFirst().orElse("");
                var matcher = ON_TABLE.matcher(firstLine.trim());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
        }
        return "unknown";
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true; // the pool had no connection to give within connect.timeout.ms
            }
        }
        String state = sqlState(e);
        return state != null && (state.startsWith("08") || state.equals("57P01"));
    }

    /** The most specific message of a failure, without credentials. */
    String describe(Throwable e) {
        // the driver's own exception says most (host, port, authentication); pool and migration
        // wrappers only say that something failed
        Throwable deepest = e;
        Throwable deepestSql = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null) {
                deepest = t;
                if (t instanceof SQLException) {
                    deepestSql = t;
                }
            }
        }
        if (deepestSql != null) {
            deepest = deepestSql;
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return settings.redact(message.replaceAll("\\s+", " ").trim());
    }
}
