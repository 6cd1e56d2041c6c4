package org.labctl.exec.internal;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** Agents' connections: what a heartbeat and a disconnect change in exec's table. */
public interface AgentMapper {

    /** The agent's connection, created at its first heartbeat. */
    @Insert("INSERT INTO agents (server_id, version, connected_instance, connected_at, last_heartbeat_at) "
            + "VALUES (CAST(#{serverId} AS UUID), #{version}, #{instance}, now(), now()) ON CONFLICT (server_id) DO UPDATE SET "
            + "version = excluded.version, connected_instance = excluded.connected_instance, last_heartbeat_at = now(), "
            + "connected_at = COALESCE(agents.connected_at, now())")
    int touchAgent(@Param("serverId") String serverId, @Param("version") String version, @Param("instance") String instance);

    @Update("UPDATE agents SET connected_at = NULL, connected_instance = NULL WHERE server_id = CAST(#{serverId} AS UUID) "
            + "AND connected_instance = #{instance}")
    int disconnected(@Param("serverId") String serverId, @Param("instance") String instance);

    /** Every agent this instance held is disconnected (it is stopping). */
    @Update("UPDATE agents SET connected_at = NULL, connected_instance = NULL WHERE connected_instance = #{instance}")
    int disconnectedAll(@Param("instance") String instance);
}
