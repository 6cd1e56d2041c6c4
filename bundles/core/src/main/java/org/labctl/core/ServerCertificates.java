package org.labctl.core;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The certificates of servers' agents, from the bundle that issues them (ca), registered as an OSGi
 * service: core shows a server's certificate, and calls it Revoked, by asking instead of reading
 * that bundle's tables. Runs in core's transaction ({@link Database#join}).
 */
@ConsumerType
public interface ServerCertificates {

    /**
     * The current (latest issued) agent certificate of each of these servers, by server id; a server
     * without one is absent.
     */
    Map<String, Current> current(Collection<String> serverIds, SqlSession transaction);

    /**
     * An agent's current certificate.
     *
     * @param serial   its serial, hex
     * @param notAfter when it expires
     * @param revoked  whether it was revoked
     */
    record Current(String serial, OffsetDateTime notAfter, boolean revoked) {
    }
}
