package org.labctl.modules.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Modules: their versions and files, which are installed, what agents report, and the generation. */
public interface ModuleMapper {

    /** One version of a module, as added. */
    record VersionRow(String id, String name, String version, String tier, String description, String descriptor,
                      String parameters, String source, String commitId, String addedBy, OffsetDateTime addedAt) {
    }

    /** An installed module: the version in force and the previous one (null). */
    record InstalledRow(String name, String currentId, String previousId) {
    }

    /** One file of a version, without its content. */
    record FileRow(String versionId, String file, int position, String sha256, long size) {
    }

    /** What a server's agent reported of one module. */
    record StatusRow(String serverId, String module, String version, String state, String health, String error,
                     OffsetDateTime since, OffsetDateTime reportedAt) {
    }

    String VERSION_COLUMNS = "CAST(id AS TEXT) AS id, name, version, tier, description, descriptor::text AS descriptor, "
            + "parameters::text AS parameters, source, commit_id, added_by, added_at";

    @Select("SELECT generation FROM module_generation WHERE id = 1")
    String generation();

    /** The generation, locking it until the transaction ends: changes to modules happen one after the other. */
    @Select("SELECT generation FROM module_generation WHERE id = 1 FOR UPDATE")
    String lockGeneration();

    @Update("UPDATE module_generation SET generation = #{generation}, changed_at = now() WHERE id = 1")
    int moveGeneration(String generation);

    @Select("SELECT name, CAST(current_id AS TEXT) AS current_id, CAST(previous_id AS TEXT) AS previous_id FROM modules ORDER BY name")
    List<InstalledRow> installed();

    @Select("SELECT name, CAST(current_id AS TEXT) AS current_id, CAST(previous_id AS TEXT) AS previous_id FROM modules "
            + "WHERE name = #{name}")
    InstalledRow installedModule(String name);

    @Select("SELECT " + VERSION_COLUMNS + " FROM module_versions WHERE id IN (SELECT current_id FROM modules "
            + "UNION SELECT previous_id FROM modules WHERE previous_id IS NOT NULL) ORDER BY name, version")
    List<VersionRow> keptVersions();

    @Select("SELECT " + VERSION_COLUMNS + " FROM module_versions WHERE id = CAST(#{id} AS UUID)")
    VersionRow version(String id);

    @Select("SELECT CAST(version_id AS TEXT) AS version_id, file, position, sha256, size FROM module_files "
            + "WHERE version_id IN (SELECT current_id FROM modules UNION SELECT previous_id FROM modules "
            + "WHERE previous_id IS NOT NULL) ORDER BY version_id, position")
    List<FileRow> keptFiles();

    /** A file's bytes (a record: MyBatis reads a byte[] result as many rows). */
    record Content(byte[] bytes) {
    }

    @Select("SELECT content AS bytes FROM module_files WHERE version_id = CAST(#{versionId} AS UUID) AND file = #{file}")
    Content content(@Param("versionId") String versionId, @Param("file") String file);

    @Insert("INSERT INTO module_versions (id, name, version, tier, description, descriptor, parameters, source, commit_id, added_by) "
            + "VALUES (CAST(#{id} AS UUID), #{name}, #{version}, #{tier}, #{description}, CAST(#{descriptor} AS JSONB), "
            + "CAST(#{parameters} AS JSONB), #{source}, #{commitId}, #{addedBy})")
    void insertVersion(@Param("id") String id, @Param("name") String name, @Param("version") String version,
                       @Param("tier") String tier, @Param("description") String description,
                       @Param("descriptor") String descriptor, @Param("parameters") String parameters,
                       @Param("source") String source, @Param("commitId") String commitId, @Param("addedBy") String addedBy);

    @Insert("INSERT INTO module_files (version_id, file, position, sha256, size, content) VALUES (CAST(#{versionId} AS UUID), "
            + "#{file}, #{position}, #{sha256}, #{size}, #{content})")
    void insertFile(@Param("versionId") String versionId, @Param("file") String file, @Param("position") int position,
                    @Param("sha256") String sha256, @Param("size") long size, @Param("content") byte[] content);

    @Select("SELECT CAST(id AS TEXT) FROM module_versions WHERE name = #{name} AND version = #{version}")
    String versionId(@Param("name") String name, @Param("version") String version);

    @Delete("DELETE FROM module_versions WHERE id = CAST(#{id} AS UUID)")
    int deleteVersion(String id);

    @Insert("INSERT INTO modules (name, current_id, previous_id) VALUES (#{name}, CAST(#{current} AS UUID), NULL)")
    void insertModule(@Param("name") String name, @Param("current") String current);

    @Update("UPDATE modules SET current_id = CAST(#{current} AS UUID), previous_id = CAST(#{previous} AS UUID), changed_at = now() "
            + "WHERE name = #{name}")
    int setVersions(@Param("name") String name, @Param("current") String current, @Param("previous") String previous);

    @Delete("DELETE FROM modules WHERE name = #{name}")
    int deleteModule(String name);

    /** Versions no module keeps (neither current nor previous): the rows of an upgrade's third version, of a removal. */
    @Delete("DELETE FROM module_versions WHERE name = #{name} AND id NOT IN (SELECT current_id FROM modules UNION "
            + "SELECT previous_id FROM modules WHERE previous_id IS NOT NULL)")
    int deleteUnkept(String name);

    @Select("SELECT CAST(server_id AS TEXT) AS server_id, module, version, state, health::text AS health, error, since, reported_at "
            + "FROM module_status WHERE server_id = CAST(#{serverId} AS UUID) ORDER BY module")
    List<StatusRow> statusOfServer(String serverId);

    @Select("SELECT CAST(server_id AS TEXT) AS server_id, module, version, state, health::text AS health, error, since, reported_at "
            + "FROM module_status ORDER BY module, server_id")
    List<StatusRow> allStatus();

    @Select("SELECT CAST(server_id AS TEXT) AS server_id, module, version, state, health::text AS health, error, since, reported_at "
            + "FROM module_status WHERE module = #{module} ORDER BY server_id")
    List<StatusRow> statusOfModule(String module);

    @Insert("INSERT INTO module_status (server_id, module, version, state, health, error, since, reported_at) VALUES "
            + "(CAST(#{serverId} AS UUID), #{module}, #{version}, #{state}, CAST(#{health} AS JSONB), #{error}, #{since}, now()) "
            + "ON CONFLICT (server_id, module) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, "
            + "health = EXCLUDED.health, error = EXCLUDED.error, since = EXCLUDED.since, reported_at = now()")
    void putStatus(@Param("serverId") String serverId, @Param("module") String module, @Param("version") String version,
                   @Param("state") String state, @Param("health") String health, @Param("error") String error,
                   @Param("since") OffsetDateTime since);

    @Delete("DELETE FROM module_status WHERE server_id = CAST(#{serverId} AS UUID) AND module = #{module}")
    int deleteStatus(@Param("serverId") String serverId, @Param("module") String module);

    /** The SHA-256 of the artifact a version was fetched as (a Maven source), recorded in the version's transaction. */
    @Update("UPDATE module_versions SET artifact_sha256 = #{sha256} WHERE id = CAST(#{id} AS UUID)")
    int setArtifact(@Param("id") String id, @Param("sha256") String sha256);

    @Select("SELECT artifact_sha256 FROM module_versions WHERE id = CAST(#{id} AS UUID)")
    String artifactSha256(String id);
}
