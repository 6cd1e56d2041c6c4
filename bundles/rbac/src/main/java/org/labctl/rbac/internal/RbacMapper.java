package org.labctl.rbac.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Roles, their rules and their bindings to users. */
public interface RbacMapper {

    /** One rule of a role. */
    record Rule(String role, String effect, String action, String cloud, String environment, String name) {
        String permission() {
            return action + ':' + cloud + ':' + environment + ':' + name;
        }
    }

    /** A role's row. */
    record RoleRow(String id, String name, String description, boolean builtin, String createdBy, OffsetDateTime createdAt) {
    }

    /** A binding: role and user names. */
    record Binding(String role, String user) {
    }

    @Select("SELECT r.name AS role, p.effect, p.action, p.cloud, p.environment, p.name FROM role_bindings b "
            + "JOIN roles r ON r.id = b.role_id JOIN permissions p ON p.role_id = r.id "
            + "WHERE b.user_name = #{user} ORDER BY r.name, p.effect, p.action, p.cloud, p.environment, p.name")
    List<Rule> rulesOfUser(String user);

    @Select("SELECT r.name FROM role_bindings b JOIN roles r ON r.id = b.role_id WHERE b.user_name = #{user} ORDER BY r.name")
    List<String> rolesOfUser(String user);

    @Select("SELECT CAST(id AS TEXT), name, description, builtin, created_by, created_at FROM roles ORDER BY name")
    List<RoleRow> roles();

    @Select("SELECT CAST(id AS TEXT), name, description, builtin, created_by, created_at FROM roles WHERE name = #{name}")
    RoleRow role(String name);

    @Select("SELECT r.name AS role, p.effect, p.action, p.cloud, p.environment, p.name FROM permissions p "
            + "JOIN roles r ON r.id = p.role_id ORDER BY r.name, p.effect, p.action, p.cloud, p.environment, p.name")
    List<Rule> allRules();

    @Select("SELECT r.name AS role, b.user_name FROM role_bindings b JOIN roles r ON r.id = b.role_id ORDER BY r.name, b.user_name")
    List<Binding> bindings();

    @Insert("INSERT INTO roles (name, description, created_by) VALUES (#{name}, #{description}, #{createdBy}) "
            + "ON CONFLICT (name) DO NOTHING")
    int insertRole(@Param("name") String name, @Param("description") String description, @Param("createdBy") String createdBy);

    @Insert("INSERT INTO permissions (role_id, effect, action, cloud, environment, name) SELECT id, #{effect}, #{action}, "
            + "#{cloud}, #{environment}, #{name} FROM roles WHERE name = #{role} ON CONFLICT DO NOTHING")
    void insertRule(@Param("role") String role, @Param("effect") String effect, @Param("action") String action,
                    @Param("cloud") String cloud, @Param("environment") String environment, @Param("name") String name);

    @Delete("DELETE FROM roles WHERE name = #{name} AND NOT builtin")
    int deleteRole(String name);

    @Select("SELECT count(*) FROM role_bindings b JOIN roles r ON r.id = b.role_id WHERE r.name = #{role}")
    int bindingCount(String role);

    /** Whether the user holds role admin and nobody else does. */
    @Select("SELECT EXISTS (SELECT 1 FROM role_bindings b JOIN roles r ON r.id = b.role_id WHERE r.name = 'admin' "
            + "AND b.user_name = #{user}) AND NOT EXISTS (SELECT 1 FROM role_bindings b JOIN roles r ON r.id = b.role_id "
            + "WHERE r.name = 'admin' AND b.user_name <> #{user})")
    boolean lastAdmin(String user);

    /** Binds the role to the user; nothing when bound already. The user must exist (a foreign key to ca's users). */
    @Insert("INSERT INTO role_bindings (role_id, user_name, created_by) SELECT r.id, #{user}, #{createdBy} FROM roles r "
            + "WHERE r.name = #{role} ON CONFLICT (role_id, user_name) DO NOTHING")
    int bind(@Param("role") String role, @Param("user") String user, @Param("createdBy") String createdBy);

    @Delete("DELETE FROM role_bindings WHERE role_id = (SELECT id FROM roles WHERE name = #{role}) AND user_name = #{user}")
    int unbind(@Param("role") String role, @Param("user") String user);
}
