package org.labctl.core;

import org.apache.ibatis.session.SqlSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What another bundle keeps for a user (rbac's role bindings), registered as an OSGi service: the
 * bundle that keeps users (ca) tells it when one is created or deleted instead of writing its
 * tables. Each call runs in that bundle's transaction ({@link Database#join}).
 */
@ConsumerType
public interface UserUse {

    /**
     * The user was just created ({@code createdBy} {@code labd}: labd's first administrator, user
     * {@code admin}, on first start).
     */
    void created(String user, String createdBy, SqlSession transaction);

    /**
     * Lets go of the user that {@code transaction} deletes, or refuses.
     *
     * @param why why the user goes, for the record ({@code user bob deleted by alice})
     * @throws org.labctl.api.Conflict when the user cannot go (the last administrator), saying what to do
     */
    void release(String user, String why, SqlSession transaction);
}
