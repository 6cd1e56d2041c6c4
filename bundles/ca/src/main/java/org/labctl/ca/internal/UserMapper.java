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

    /** The user admin holds the built-in role admin (created by the schema migration). */
    @Insert("INSERT INTO role_bindings (role_id, user_id, created_by) SELECT r.id, u.id, 'labd' FROM roles r, users u "
            + "WHERE r.name = 'admin' AND u.name = 'admin' ON CONFLICT (role_id, user_id) DO NOTHING")
    void bindBuiltinAdmin();

    /** Whether this user holds role admin and nobody else does. */
    @Select("SELECT EXISTS (SELECT 1 FROM role_bindings b JOIN roles r ON r.id = b.role_id JOIN users u ON u.id = b.user_id "
            + "WHERE r.name = 'admin' AND u.name = #{name}) AND NOT EXISTS (SELECT 1 FROM role_bindings b JOIN roles r ON "
            + "r.id = b.role_id JOIN users u ON u.id = b.user_id WHERE r.name = 'admin' AND u.name <> #{name})")
    boolean lastAdmin(String name);
}
