package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Servers, with their agent and current certificate. */
public interface ServerMapper {

    record ServerRow(String id, String name, String cloud, String environment, String role, String status,
                     OffsetDateTime lastSeenAt, String agentVersion, String hostname, String mac, String labels, String facts,
                     OffsetDateTime enrolledAt, String enrolledToken, String certificateSerial, OffsetDateTime certificateNotAfter,
                     OffsetDateTime certificateRevokedAt) {
    }

    String SELECT = "SELECT s.id::text AS id, s.name AS name, c.name AS cloud, e.name AS environment, s.role AS role, "
            + "s.status AS status, s.last_seen_at AS last_seen_at, a.version AS agent_version, s.hostname AS hostname, "
            + "s.mac AS mac, s.labels::text AS labels, s.facts::text AS facts, s.enrolled_at AS enrolled_at, "
            + "s.enrolled_token::text AS enrolled_token, a.certificate_serial AS certificate_serial, "
            + "cert.not_after AS certificate_not_after, cert.revoked_at AS certificate_revoked_at "
            + "FROM servers s JOIN clouds c ON c.id = s.cloud_id LEFT JOIN environments e ON e.id = s.environment_id "
            + "LEFT JOIN agents a ON a.server_id = s.id LEFT JOIN certificates cert ON cert.serial = a.certificate_serial ";

    @Select("<script>" + SELECT + "<where>"
            + "<if test='cloud != null'>c.name = #{cloud}</if>"
            + "<if test='environment != null'> AND e.name = #{environment}</if>"
            + "<if test='selector != null'> AND s.labels @&gt; CAST(#{selector} AS JSONB)</if>"
            + "</where> ORDER BY s.name</script>")
    List<ServerRow> list(@Param("cloud") String cloud, @Param("environment") String environment, @Param("selector") String selector);

    @Select(SELECT + "WHERE s.name = #{name}")
    ServerRow find(String name);

    @Select("SELECT labels::text FROM servers WHERE name = #{name} FOR UPDATE")
    String labelsForUpdate(String name);

    @Update("UPDATE servers SET labels = CAST(#{labels} AS JSONB), updated_at = now() WHERE name = #{name}")
    int setLabels(@Param("name") String name, @Param("labels") String labels);

    @Delete("DELETE FROM servers WHERE name = #{name}")
    int delete(String name);

    @Select("SELECT count(*) FROM clouds WHERE name = #{name}")
    int countClouds(String name);

    @Select("SELECT CAST(e.id AS TEXT) FROM environments e JOIN clouds c ON c.id = e.cloud_id "
            + "WHERE c.name = #{cloud} AND e.name = #{name}")
    String environmentId(@Param("cloud") String cloud, @Param("name") String name);

    /** The clouds that have an environment of this name. */
    @Select("SELECT c.name FROM environments e JOIN clouds c ON c.id = e.cloud_id WHERE e.name = #{name} ORDER BY c.name")
    List<String> cloudsWithEnvironment(String name);

    /** Places the server in the environment and that environment's cloud. */
    @Update("UPDATE servers SET environment_id = CAST(#{environmentId} AS UUID), "
            + "cloud_id = (SELECT e.cloud_id FROM environments e WHERE e.id = CAST(#{environmentId} AS UUID)), updated_at = now() "
            + "WHERE name = #{name}")
    int move(@Param("name") String name, @Param("environmentId") String environmentId);
}
