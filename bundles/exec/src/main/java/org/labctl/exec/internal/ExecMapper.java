package org.labctl.exec.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Exec targets, the registry of labd instances, and the exec sessions running now. */
public interface ExecMapper {

    /** How long an instance's row stays fresh without a refresh. */
    String LIVE = "INTERVAL '30 seconds'";

    /**
     * A server an exec session may run on (components in column order).
     *
     * @param environment its environment, {@code -} when it has none (as permissions address it)
     * @param instance    the labd instance its agent is connected to, if that instance is alive
     */
    record Target(String serverId, String name, String cloud, String environment, String instance,
                  OffsetDateTime lastSeenAt) {
    }

    String TARGET = "SELECT CAST(s.id AS TEXT) AS server_id, s.name AS name, c.name AS cloud, COALESCE(e.name, '-') AS environment, "
            + "(SELECT i.id FROM labd_instances i WHERE i.id = a.connected_instance AND i.seen_at > now() - " + LIVE + ") AS instance, "
            + "s.last_seen_at AS last_seen_at "
            + "FROM servers s JOIN clouds c ON c.id = s.cloud_id LEFT JOIN environments e ON e.id = s.environment_id "
            + "LEFT JOIN agents a ON a.server_id = s.id ";

    @Select(TARGET + "WHERE s.name = #{name}")
    Target target(String name);

    @Select("<script>" + TARGET + "<where>"
            + "<if test='cloud != null'>c.name = #{cloud}</if>"
            + "<if test='environment != null'> AND e.name = #{environment}</if>"
            + "<if test='selector != null'> AND s.labels @&gt; CAST(#{selector} AS JSONB)</if>"
            + "</where> ORDER BY s.name</script>")
    List<Target> targets(@Param("cloud") String cloud, @Param("environment") String environment,
                         @Param("selector") String selector);

    @Insert("INSERT INTO labd_instances (id, url) VALUES (#{id}, #{url}) "
            + "ON CONFLICT (id) DO UPDATE SET seen_at = now(), url = EXCLUDED.url")
    int alive(@Param("id") String id, @Param("url") String url);

    @Select("SELECT url FROM labd_instances WHERE id = #{id} AND seen_at > now() - " + LIVE)
    String liveUrl(String id);

    @Delete("DELETE FROM labd_instances WHERE id = #{id} OR seen_at < now() - INTERVAL '1 day'")
    int gone(String id);

    @Insert("INSERT INTO exec_sessions (id, audit_id, instance, server_id) "
            + "VALUES (CAST(#{id} AS UUID), CAST(#{auditId} AS UUID), #{instance}, CAST(#{serverId} AS UUID))")
    int opened(@Param("id") String id, @Param("auditId") String auditId, @Param("instance") String instance,
               @Param("serverId") String serverId);

    @Delete("DELETE FROM exec_sessions WHERE id = CAST(#{id} AS UUID)")
    int closed(String id);

    /** A session whose labd instance is gone. */
    record Orphan(String id, String auditId, OffsetDateTime startedAt) {
    }

    @Select("SELECT CAST(x.id AS TEXT), CAST(x.audit_id AS TEXT), x.started_at FROM exec_sessions x WHERE NOT EXISTS "
            + "(SELECT 1 FROM labd_instances i WHERE i.id = x.instance AND i.seen_at > now() - " + LIVE + ") LIMIT 100")
    List<Orphan> orphans();

    /** This instance's sessions, when it stops (it closes their audit rows itself). */
    @Update("DELETE FROM exec_sessions WHERE instance = #{instance}")
    int closedAll(String instance);
}
