package org.labctl.ca.internal;

import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.api.Conflict;
import org.labctl.core.Database;
import org.labctl.core.PlacementUse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Join tokens as what they keep in clouds and environments, for core: a usable token
 * ({@link TokenMapper#USABLE}, the one rule) keeps its cloud and environment from being deleted;
 * tokens that can no longer admit anyone go with them.
 */
@Component(service = PlacementUse.class, property = PlacementUse.PROPERTY + "=tokens")
public final class JoinTokenPlacement implements PlacementUse {

    private final Database database;
    private final SqlSessionFactory sessions;

    @Activate
    public JoinTokenPlacement(@Reference Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(TokenMapper.class);
    }

    @Override
    public int active(String cloud, String environment, SqlSession transaction) {
        return database.join(transaction, sessions, s -> s.getMapper(TokenMapper.class).countUsable(cloud, environment));
    }

    @Override
    public void release(String cloud, String environment, String what, SqlSession transaction) {
        database.join(transaction, sessions, s -> {
            TokenMapper tokens = s.getMapper(TokenMapper.class);
            int usable = tokens.countUsable(cloud, environment);
            if (usable > 0) {
                throw new Conflict(what + " is the target of " + usable + " join token(s) that can still enroll servers: "
                        + "revoke them first (labctl get tokens, labctl delete token <id>)");
            }
            return tokens.deleteUnusable(cloud, environment);
        });
    }
}
