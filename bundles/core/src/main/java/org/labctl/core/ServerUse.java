package org.labctl.core;

import org.apache.ibatis.session.SqlSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What another bundle keeps for a server (ca's agent certificates), registered as an OSGi service:
 * core, which owns servers, lets it go when it deletes a server instead of writing that bundle's
 * tables. Runs in core's transaction ({@link Database#join}).
 */
@ConsumerType
public interface ServerUse {

    /**
     * Lets go of the server that {@code transaction} deletes.
     *
     * @param serverId the server's id
     * @param name     its name
     * @param why      why it goes, for the record ({@code server web-1 deleted by alice})
     */
    void release(String serverId, String name, String why, SqlSession transaction);
}
