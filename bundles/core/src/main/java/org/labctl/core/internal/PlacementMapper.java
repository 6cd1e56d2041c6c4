package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Clouds and their environments: where servers are placed. */
public interface PlacementMapper {

    record CloudRow(String name, String kind, String description, int environments, int servers, OffsetDateTime createdAt,
                    String createdBy) {
    }

    record EnvironmentRow(String name, String cloud, String description, int servers, OffsetDateTime createdAt,
                          String createdBy) {
    }

    @Select("SELECT c.name, c.kind, c.description, "
            + "(SELECT count(*) FROM environments e WHERE e.cloud_id = c.id)::int AS environments, "
            + "(SELECT count(*) FROM servers s WHERE s.cloud_id = c.id)::int AS servers, c.created_at, c.created_by "
            + "FROM clouds c ORDER BY c.name")
    List<CloudRow> clouds();

    @Select("SELECT c.name, c.kind, c.description, "
            + "(SELECT count(*) FROM environments e WHERE e.cloud_id = c.id)::int AS environments, "
            + "(SELECT count(*) FROM servers s WHERE s.cloud_id = c.id)::int AS servers, c.created_at, c.created_by "
            + "FROM clouds c WHERE c.name = #{name}")
    CloudRow cloud(String name);

    @Insert("INSERT INTO clouds (name, kind, description, created_by) VALUES (#{name}, #{kind}, #{description}, #{createdBy}) "
            + "ON CONFLICT (name) DO NOTHING")
    int insertCloud(@Param("name") String name, @Param("kind") String kind, @Param("description") String description,
                    @Param("createdBy") String createdBy);

    @Delete("DELETE FROM clouds WHERE name = #{name}")
    int deleteCloud(String name);

    @Select("<script>SELECT e.name AS name, c.name AS cloud, e.description, "
            + "(SELECT count(*) FROM servers s WHERE s.environment_id = e.id)::int AS servers, e.created_at, e.created_by "
            + "FROM environments e JOIN clouds c ON c.id = e.cloud_id "
            + "<if test='cloud != null'>WHERE c.name = #{cloud}</if> ORDER BY c.name, e.name</script>")
    List<EnvironmentRow> environments(@Param("cloud") String cloud);

    @Select("SELECT e.name AS name, c.name AS cloud, e.description, "
            + "(SELECT count(*) FROM servers s WHERE s.environment_id = e.id)::int AS servers, e.created_at, e.created_by "
            + "FROM environments e JOIN clouds c ON c.id = e.cloud_id WHERE c.name = #{cloud} AND e.name = #{name}")
    EnvironmentRow environment(@Param("cloud") String cloud, @Param("name") String name);

    @Insert("INSERT INTO environments (cloud_id, name, description, created_by) "
            + "SELECT id, #{name}, #{description}, #{createdBy} FROM clouds WHERE name = #{cloud} ON CONFLICT (cloud_id, name) DO NOTHING")
    int insertEnvironment(@Param("cloud") String cloud, @Param("name") String name, @Param("description") String description,
                          @Param("createdBy") String createdBy);

    @Delete("DELETE FROM environments e USING clouds c WHERE c.id = e.cloud_id AND c.name = #{cloud} AND e.name = #{name}")
    int deleteEnvironment(@Param("cloud") String cloud, @Param("name") String name);
}
