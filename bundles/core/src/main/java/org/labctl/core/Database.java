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

    /** Work done inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(SqlSession session);
    }
}
