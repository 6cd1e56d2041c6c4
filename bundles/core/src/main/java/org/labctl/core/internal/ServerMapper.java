package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Servers: core's table, the only one it reads for them; ca adds each agent's certificate ({@link org.labctl.core.ServerCertificates}). */
public interface ServerMapper {

    record ServerRow(String id, String name, String cloud, String environment, String role, OffsetDateTime lastSeenAt,
                     String agentVersion, String hostname, String mac, String labels, String facts, OffsetDateTime enrolledAt,
                     String enrolledToken) {
    }

    String SELECT = "SELECT s.id::text AS id, s.name AS name, c.name AS cloud, e.name AS environment, s.role AS role, "
            + "s.last_seen_at AS last_seen_at, s.agent_version AS agent_version, s.hostname AS hostname, "
            + "s.mac AS mac, s.labels::text AS labels, s.facts::text AS facts, s.enrolled_at AS enrolled_at, "
            + "s.enrolled_token::text AS enrolled_token "
            + "FROM servers s JOIN clouds c ON c.id = s.cloud_id LEFT JOIN environments e ON e.id = s.environment_id ";

    @Select("<script>" + SELECT + "<where>"
            + "<if test='cloud != null'>c.name = #{cloud}</if>"
            + "<if test='environment != null'> AND e.name = #{environment}</if>"
            + "<if test='selector != null'> AND s.labels @&gt; CAST(#{selector} AS JSONB)</if>"
            + "</where> ORDER BY s.name</script>")
    List<ServerRow> list(@Param("cloud") String cloud, @Param("environment") String environment, @Param("selector") String selector);

    @Select(SELECT + "WHERE s.name = #{name}")
    ServerRow find(String name);

    @Select(SELECT + "WHERE s.id = CAST(#{id} AS UUID)")
    ServerRow findById(String id);

    @Select(SELECT + "WHERE s.enrolled_token = CAST(#{tokenId} AS UUID) ORDER BY s.name")
    List<ServerRow> enrolledWith(String tokenId);

    /** A server that enrolls, where its cloud and environment are now; nothing when the name is taken. */
    @Insert("INSERT INTO servers (id, name, hostname, mac, cloud_id, environment_id, labels, role, status, enrolled_at, enrolled_token) "
            + "SELECT CAST(#{id} AS UUID), #{name}, #{hostname}, #{mac}, c.id, "
            + "(SELECT e.id FROM environments e WHERE e.cloud_id = c.id AND e.name = #{environment}), "
            + "CAST(#{labels} AS JSONB), #{role}, 'NotReady', now(), CAST(#{tokenId} AS UUID) "
            + "FROM clouds c WHERE c.name = #{cloud} AND (CAST(#{environment} AS TEXT) IS NULL OR EXISTS "
            + "(SELECT 1 FROM environments e WHERE e.cloud_id = c.id AND e.name = #{environment})) ON CONFLICT (name) DO NOTHING")
    int enroll(@Param("id") String id, @Param("name") String name, @Param("hostname") String hostname, @Param("mac") String mac,
               @Param("cloud") String cloud, @Param("environment") String environment, @Param("labels") String labels,
               @Param("role") String role, @Param("tokenId") String tokenId);

    @Update("UPDATE servers SET last_seen_at = now(), agent_version = #{version}, facts = CAST(#{facts} AS JSONB), "
            + "status = 'Ready', updated_at = now() WHERE id = CAST(#{id} AS UUID)")
    int seen(@Param("id") String id, @Param("version") String version, @Param("facts") String facts);

    @Select("SELECT count(*) FROM servers WHERE name = #{name}")
    int countByName(String name);

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
