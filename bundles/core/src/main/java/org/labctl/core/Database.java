package org.labctl.core;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.DatabaseHealth;
import org.osgi.annotation.versioning.ProviderType;

/**
 * labd's database: PostgreSQL (embedded by default, or external), with each started bundle's
 * {@link Schema} migrated.
 * Bundles build one {@link SqlSessionFactory} with their own mappers and run their work through
 * {@link #transaction}, which retries serialization failures as CockroachDB requires.
 */
@ProviderType
public interface Database {

    /** Checks the database now and says whether it is usable, and why not when it is not. */
    DatabaseHealth health();

    /**
     * A session factory over labd's connection pool with the given MyBatis mapper interfaces.
     * Build it once per component and keep it. Its sessions answer {@link org.labctl.api.Unavailable}
     * until the {@link Schema schemas} the mappers' bundles declare are migrated.
     */
    SqlSessionFactory sessionFactory(Class<?>... mappers);

    /**
     * Runs {@code work} in one transaction and commits it; retries the whole work when the database
     * reports a serialization failure (SQLSTATE 40001).
     *
     * @throws org.labctl.api.Unavailable when the database is not reachable or not migrated yet
     */
    <T> T transaction(SqlSessionFactory sessions, Work<T> work);

    /**
     * Runs {@code work} with the mappers of {@code sessions} inside {@code transaction}, a transaction
     * another bundle opened ({@link #transaction}): its writes commit with that transaction's, or
     * neither do. For a bundle that answers another's question about its own tables
     * ({@link PlacementUse}).
     */
    default <T> T join(SqlSession transaction, SqlSessionFactory sessions, Work<T> work) {
        org.apache.ibatis.session.Configuration configuration = sessions.getConfiguration();
        // a managed transaction on the caller's connection: neither commits, rolls back nor closes it
        org.apache.ibatis.executor.Executor executor = configuration.newExecutor(
                new org.apache.ibatis.transaction.managed.ManagedTransaction(transaction.getConnection(), false));
        try (SqlSession joined = new org.apache.ibatis.session.defaults.DefaultSqlSession(configuration, executor, false)) {
            return work.run(joined);
        }
    }

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(SqlSession session);
    }
}
