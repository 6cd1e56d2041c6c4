package org.labctl.modules.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** The Maven repositories modules are fetched from, in the order labd asks them. */
public interface ModuleRepositoryMapper {

    /** A repository as stored: its password sealed (nonce and ciphertext), or both null. */
    record Row(String name, String url, int position, String username, byte[] passwordNonce, byte[] passwordSealed,
               String addedBy, OffsetDateTime addedAt) {
    }

    String COLUMNS = "name, url, position, username, password_nonce, password_sealed, added_by, added_at";

    @Select("SELECT " + COLUMNS + " FROM module_repositories ORDER BY position, name")
    List<Row> all();

    @Select("SELECT " + COLUMNS + " FROM module_repositories WHERE name = #{name}")
    Row byName(String name);

    @Select("SELECT " + COLUMNS + " FROM module_repositories WHERE url = #{url}")
    Row byUrl(String url);

    @Select("SELECT COALESCE(MAX(position), 0) + 1 FROM module_repositories")
    int nextPosition();

    @Insert("INSERT INTO module_repositories (name, url, position, username, password_nonce, password_sealed, added_by) "
            + "VALUES (#{name}, #{url}, #{position}, #{username}, #{nonce}, #{sealed}, #{addedBy})")
    void insert(@Param("name") String name, @Param("url") String url, @Param("position") int position,
                @Param("username") String username, @Param("nonce") byte[] nonce, @Param("sealed") byte[] sealed,
                @Param("addedBy") String addedBy);

    @Delete("DELETE FROM module_repositories WHERE name = #{name}")
    int delete(String name);
}
