package org.labctl.exec.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Where agents are connected, the registry of labd instances, and the stream sessions running now (exec's own tables). */
public interface ExecMapper {

    /** How long an instance's row stays fresh without a refresh. */
    String LIVE = "INTERVAL '30 seconds'";

    /** The live instance the server's agent is connected to, or null. */
    @Select("SELECT i.id FROM agents a JOIN labd_instances i ON i.id = a.connected_instance "
            + "WHERE a.server_id = CAST(#{serverId} AS UUID) AND i.seen_at > now() - " + LIVE)
    String instance(String serverId);

    /** The servers (ids) whose agents are connected to a live instance. */
    @Select("SELECT CAST(a.server_id AS TEXT) FROM agents a JOIN labd_instances i ON i.id = a.connected_instance "
            + "WHERE i.seen_at > now() - " + LIVE)
    List<String> connected();

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
