package org.labctl.exec.internal;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** What an agent's heartbeat changes. */
public interface AgentMapper {

    @Update("UPDATE servers SET last_seen_at = now(), facts = CAST(#{facts} AS JSONB), status = 'Ready', updated_at = now() "
            + "WHERE id = CAST(#{serverId} AS UUID)")
    int touchServer(@Param("serverId") String serverId, @Param("facts") String facts);

    @Update("UPDATE agents SET version = #{version}, connected_instance = #{instance}, last_heartbeat_at = now(), "
            + "connected_at = COALESCE(connected_at, now()) WHERE server_id = CAST(#{serverId} AS UUID)")
    int touchAgent(@Param("serverId") String serverId, @Param("version") String version, @Param("instance") String instance);

    @Update("UPDATE agents SET connected_at = NULL, connected_instance = NULL WHERE server_id = CAST(#{serverId} AS UUID) "
            + "AND connected_instance = #{instance}")
    int disconnected(@Param("serverId") String serverId, @Param("instance") String instance);

    /** Every agent this instance held is disconnected (it is stopping). */
    @Update("UPDATE agents SET connected_at = NULL, connected_instance = NULL WHERE connected_instance = #{instance}")
    int disconnectedAll(@Param("instance") String instance);
}
