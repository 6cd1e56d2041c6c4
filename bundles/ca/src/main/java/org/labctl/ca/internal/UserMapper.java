package org.labctl.ca.internal;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The users labd knows (people using labctl) and their certificates. */
public interface UserMapper {

    record UserRow(String name, String description, String createdBy, java.time.OffsetDateTime createdAt) {
    }

    record CertificateRow(String serial, String fingerprint, java.time.OffsetDateTime notAfter,
                          java.time.OffsetDateTime revokedAt) {
    }

    @Insert("INSERT INTO users (name, description, created_by) VALUES (#{name}, #{description}, #{createdBy}) "
            + "ON CONFLICT (name) DO NOTHING")
    int insertIfAbsent(@Param("name") String name, @Param("description") String description, @Param("createdBy") String createdBy);

    @Select("SELECT name, description, created_by, created_at FROM users WHERE name = #{name}")
    UserRow find(String name);

    @Select("SELECT name, description, created_by, created_at FROM users ORDER BY name")
    List<UserRow> list();

    @Select("SELECT c.serial, c.fingerprint, c.not_after, c.revoked_at FROM certificates c JOIN users u ON u.id = c.user_id "
            + "WHERE u.name = #{name} ORDER BY c.not_before, c.serial")
    List<CertificateRow> certificates(String name);

    @Delete("DELETE FROM users WHERE name = #{name}")
    int delete(String name);
}
