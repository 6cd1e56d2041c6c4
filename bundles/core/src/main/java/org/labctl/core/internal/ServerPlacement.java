package org.labctl.core.internal;

import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.core.Database;
import org.labctl.core.Placement;

/** Where a server is, for the address of a request about it: its cloud and environment ({@code -} when it has none). */
public final class ServerPlacement {

    /** The query. */
    public interface Mapper {
        @Select("SELECT c.name, COALESCE(e.name, '-') FROM servers s JOIN clouds c ON c.id = s.cloud_id "
                + "LEFT JOIN environments e ON e.id = s.environment_id WHERE s.name = #{name}")
        Placement of(String name);
    }

    private final Database database;
    private final SqlSessionFactory sessions;

    ServerPlacement(Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(Mapper.class);
    }

    Placement of(String name) {
        return database.transaction(sessions, s -> s.getMapper(Mapper.class).of(name));
    }
}
