package org.labctl.ca.internal;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.core.Database;
import org.labctl.core.ServerUse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A deleted server's agent certificates are revoked with it: every labd instance refuses them within seconds. */
@Component(service = ServerUse.class)
public final class AgentCertificates implements ServerUse {

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
}
