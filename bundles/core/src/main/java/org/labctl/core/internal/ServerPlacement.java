package org.labctl.core.internal;

import java.util.List;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.session.SqlSessionFactory;
import org.labctl.core.Addresses;
import org.labctl.core.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Where a server is, for the address of a request about it: its cloud and environment ({@code -} when it has none). */
@Component(service = Addresses.class)
public final class ServerPlacement implements Addresses {

    /** A server's cloud and environment. */
    public record Placement(String cloud, String environment) {
    }

    /** The query. */
    public interface Mapper {
        @Select("SELECT c.name, COALESCE(e.name, '-') FROM servers s JOIN clouds c ON c.id = s.cloud_id "
                + "LEFT JOIN environments e ON e.id = s.environment_id WHERE s.name = #{name}")
        Placement of(String name);
    }

    private final Database database;
    private final SqlSessionFactory sessions;

    @Activate
    public ServerPlacement(@Reference Database database) {
        this.database = database;
        this.sessions = database.sessionFactory(Mapper.class);
    }

    @Override
    public List<String> server(String name) {
        Placement where = database.transaction(sessions, s -> s.getMapper(Mapper.class).of(name));
        return where == null ? List.of("*", "*", name) : List.of(where.cloud(), where.environment(), name);
    }
}
