package org.labctl.core;

import org.apache.ibatis.session.SqlSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What another bundle keeps in clouds and environments (ca's join tokens), registered as an OSGi
 * service with {@link #PROPERTY}: core, which owns clouds and environments, asks it instead of
 * reading that bundle's tables. Each call runs in core's transaction ({@link Database#join}).
 */
@ConsumerType
public interface PlacementUse {

    /** The service property naming what is kept ({@code tokens}). */
    String PROPERTY = "labctl.placement.use";

    /** How many of them can still act in the cloud ({@code environment} null) or in the environment. */
    int active(String cloud, String environment, SqlSession transaction);

    /**
     * Lets go of the cloud ({@code environment} null) or the environment that {@code transaction}
     * deletes: refuses while any of them can still act there, and removes those that no longer can.
     *
     * @param what how the deleted place reads in a message ({@code environment lab})
     * @throws org.labctl.api.Conflict while some can still act there, saying what to do
     */
    void release(String cloud, String environment, String what, SqlSession transaction);
}
