package org.labctl.ca.internal;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.core.Database;
import org.labctl.core.ServerCertificates;
import org.labctl.core.ServerUse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Servers' agent certificates for core, which owns servers: each server's current certificate when
 * core shows it, and a deleted server's certificates revoked with it (every labd instance refuses
 * them within seconds).
 */
@Component(service = {ServerUse.class, ServerCertificates.class})
public final class AgentCertificates implements ServerUse, ServerCertificates {

    private final Database database;
    private final SqlSessionFactory sessions;

    @Activate
    public AgentCertificates(@Reference Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(CaMapper.class);
    }

    @Override
    public void release(String serverId, String name, String why, SqlSession transaction) {
        database.join(transaction, sessions, s -> s.getMapper(CaMapper.class).revokeOfServer(serverId, why));
    }

    @Override
    public Map<String, Current> current(Collection<String> serverIds, SqlSession transaction) {
        if (serverIds.isEmpty()) {
            return Map.of();
        }
        return database.join(transaction, sessions, s -> s.getMapper(CaMapper.class).currentOfServers(serverIds)).stream()
                .collect(Collectors.toMap(CaMapper.ServerCertificate::serverId,
                        row -> new Current(row.serial(), row.notAfter(), row.revokedAt() != null)));
    }
}
