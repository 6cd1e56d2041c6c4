package org.labctl.pulumi.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Programs, stacks and runs: one aggregate, the stack, with what it was built from and what was done to it. */
public interface PulumiMapper {

    /** A stack as stored; its passphrase sealed. */
    record Stack(String cloud, String environment, String name, String project, String cluster, byte[] passphraseNonce,
                 byte[] passphraseSealed, String settings, String state, String createdBy, OffsetDateTime createdAt) {
    }

    /** A run as stored. */
    record Run(String id, String cloud, String environment, String stack, String kind, String state, String userName,
               String project, String version, String program, String cluster, String instance, OffsetDateTime startedAt,
               OffsetDateTime aliveAt, OffsetDateTime endedAt, boolean cancelRequested, String changes, String outputs,
               String error) {
    }

    /** One line of a run's output. */
    record Line(long seq, OffsetDateTime at, String text) {
    }

    // programs

    @Select("SELECT count(*) > 0 FROM pulumi_programs WHERE sha256 = #{sha256}")
    boolean hasProgram(String sha256);

    @Insert("INSERT INTO pulumi_programs (sha256, size, chunks, uploaded_by) VALUES (#{sha256}, #{size}, #{chunks}, #{by}) "
            + "ON CONFLICT (sha256) DO NOTHING")
    int insertProgram(@Param("sha256") String sha256, @Param("size") long size, @Param("chunks") int chunks,
                      @Param("by") String by);

    @Insert("INSERT INTO pulumi_program_chunks (sha256, seq, data) VALUES (#{sha256}, #{seq}, #{data})")
    void insertChunk(@Param("sha256") String sha256, @Param("seq") int seq, @Param("data") byte[] data);

    @Select("SELECT chunks FROM pulumi_programs WHERE sha256 = #{sha256}")
    Integer programChunks(String sha256);

    /** One part of a program's jar (a record: MyBatis takes a {@code byte[]} result for rows of bytes). */
    record Chunk(byte[] data) {
    }

    @Select("SELECT data FROM pulumi_program_chunks WHERE sha256 = #{sha256} AND seq = #{seq}")
    Chunk chunk(@Param("sha256") String sha256, @Param("seq") int seq);

    // stacks

    String STACK = "cloud, environment, name, project, cluster, passphrase_nonce, passphrase_sealed, settings, state, "
            + "created_by, created_at";

    @Select("SELECT " + STACK + " FROM pulumi_stacks WHERE cloud = #{cloud} AND environment = #{environment} AND name = #{name}")
    Stack stack(@Param("cloud") String cloud, @Param("environment") String environment, @Param("name") String name);

    @Select("SELECT " + STACK + " FROM pulumi_stacks ORDER BY cloud, environment, name")
    List<Stack> stacks();

    @Insert("INSERT INTO pulumi_stacks (cloud, environment, name, project, cluster, passphrase_nonce, passphrase_sealed, "
            + "settings, state, created_by) VALUES (#{s.cloud}, #{s.environment}, #{s.name}, #{s.project}, #{s.cluster}, "
            + "#{s.passphraseNonce}, #{s.passphraseSealed}, #{s.settings}, #{s.state}, #{s.createdBy}) "
            + "ON CONFLICT (cloud, environment, name) DO NOTHING")
    int insertStack(@Param("s") Stack stack);

    @Update("UPDATE pulumi_stacks SET settings = COALESCE(#{settings}, settings), state = #{state}, "
            + "cluster = COALESCE(#{cluster}, cluster) WHERE cloud = #{cloud} AND environment = #{environment} AND name = #{name}")
    void saveStack(@Param("cloud") String cloud, @Param("environment") String environment, @Param("name") String name,
                   @Param("settings") String settings, @Param("state") String state, @Param("cluster") String cluster);

    // runs

    String RUN = "id, cloud, environment, stack, kind, state, user_name, project, version, program, cluster, instance, "
            + "started_at, alive_at, ended_at, cancel_requested, changes, outputs, error";

    @Select("SELECT " + RUN + " FROM pulumi_runs WHERE id = #{id}")
    Run run(String id);

    @Select("SELECT " + RUN + " FROM pulumi_runs WHERE cloud = #{cloud} AND environment = #{environment} AND stack = #{stack} "
            + "AND state = 'running'")
    Run holder(@Param("cloud") String cloud, @Param("environment") String environment, @Param("stack") String stack);

    @Select("SELECT " + RUN + " FROM pulumi_runs WHERE cloud = #{cloud} AND environment = #{environment} AND stack = #{stack} "
            + "ORDER BY started_at DESC, id DESC LIMIT #{limit}")
    List<Run> runs(@Param("cloud") String cloud, @Param("environment") String environment, @Param("stack") String stack,
                   @Param("limit") int limit);

    @Insert("INSERT INTO pulumi_runs (id, cloud, environment, stack, kind, state, user_name, project, version, program, "
            + "cluster, instance) VALUES (#{r.id}, #{r.cloud}, #{r.environment}, #{r.stack}, #{r.kind}, 'running', "
            + "#{r.userName}, #{r.project}, #{r.version}, #{r.program}, #{r.cluster}, #{r.instance})")
    void insertRun(@Param("r") Run run);

    /** Keeps a run alive; answers whether it is to be cancelled (null once it is no longer running). */
    @Select("UPDATE pulumi_runs SET alive_at = now() WHERE id = #{id} AND state = 'running' RETURNING cancel_requested")
    Boolean alive(String id);

    @Update("UPDATE pulumi_runs SET cancel_requested = true WHERE id = #{id} AND state = 'running'")
    int requestCancel(String id);

    @Update("UPDATE pulumi_runs SET state = #{state}, ended_at = now(), changes = #{changes}, outputs = #{outputs}, "
            + "error = #{error} WHERE id = #{id} AND state = 'running'")
    int end(@Param("id") String id, @Param("state") String state, @Param("changes") String changes,
            @Param("outputs") String outputs, @Param("error") String error);

    /** Ends the runs whose instance stopped keeping them alive: the stack is free again. */
    @Update("UPDATE pulumi_runs SET state = 'failed', ended_at = now(), error = 'labd instance ' || instance "
            + "|| ' stopped keeping the run alive; the engine''s state is as it last stored it' "
            + "WHERE state = 'running' AND alive_at < now() - #{seconds} * interval '1 second'")
    int abandon(@Param("seconds") int seconds);

    // lines

    @Insert("INSERT INTO pulumi_run_lines (run_id, seq, text) VALUES (#{run}, #{seq}, #{text})")
    void insertLine(@Param("run") String run, @Param("seq") long seq, @Param("text") String text);

    @Select("SELECT seq, at, text FROM pulumi_run_lines WHERE run_id = #{run} AND seq > #{after} ORDER BY seq LIMIT #{limit}")
    List<Line> lines(@Param("run") String run, @Param("after") long after, @Param("limit") int limit);

    // apps

    /** One version of an app in the catalog. */
    record App(String name, String version, String description, String program, String manifest, String defaults,
               String publishedBy, OffsetDateTime publishedAt) {
    }

    String APP = "name, version, description, program, manifest, defaults, published_by, published_at";

    @Insert("INSERT INTO pulumi_apps (name, version, description, program, manifest, defaults, published_by) VALUES "
            + "(#{a.name}, #{a.version}, #{a.description}, #{a.program}, #{a.manifest}, #{a.defaults}, #{a.publishedBy}) "
            + "ON CONFLICT (name, version) DO NOTHING")
    int insertApp(@Param("a") App app);

    @Select("SELECT " + APP + " FROM pulumi_apps WHERE name = #{name} AND version = #{version}")
    App app(@Param("name") String name, @Param("version") String version);

    @Select("SELECT " + APP + " FROM pulumi_apps ORDER BY name, published_at DESC, version DESC")
    List<App> apps();

    /** One revision of an app release, with its run's state. */
    record Revision(String cloud, String environment, String name, int revision, String kind, String app,
                    String appVersion, String given, String effective, byte[] secretsNonce, byte[] secretsSealed,
                    String cluster, Integer rollbackOf, String runId, String userName, OffsetDateTime createdAt,
                    String state) {
    }

    String REVISION = "r.cloud, r.environment, r.name, r.revision, r.kind, r.app, r.app_version, r.given, r.effective, "
            + "r.secrets_nonce, r.secrets_sealed, r.cluster, r.rollback_of, r.run_id, r.user_name, r.created_at, u.state";

    @Select("SELECT count(*) > 0 FROM pulumi_app_revisions WHERE cloud = #{cloud} AND environment = #{environment} "
            + "AND name = #{name}")
    boolean isRelease(@Param("cloud") String cloud, @Param("environment") String environment, @Param("name") String name);

    /** Every published version of an app. */
    @Select("SELECT " + APP + " FROM pulumi_apps WHERE name = #{name}")
    List<App> appVersions(String name);

    @Select("SELECT COALESCE(max(revision), 0) + 1 FROM pulumi_app_revisions WHERE cloud = #{cloud} "
            + "AND environment = #{environment} AND name = #{name}")
    int nextRevision(@Param("cloud") String cloud, @Param("environment") String environment, @Param("name") String name);

    @Insert("INSERT INTO pulumi_app_revisions (cloud, environment, name, revision, kind, app, app_version, given, "
            + "effective, secrets_nonce, secrets_sealed, cluster, rollback_of, run_id, user_name) VALUES (#{r.cloud}, "
            + "#{r.environment}, #{r.name}, #{r.revision}, #{r.kind}, #{r.app}, #{r.appVersion}, #{r.given}, "
            + "#{r.effective}, #{r.secretsNonce}, #{r.secretsSealed}, #{r.cluster}, #{r.rollbackOf}, #{r.runId}, "
            + "#{r.userName})")
    void insertRevision(@Param("r") Revision revision);

    @Select("SELECT " + REVISION + " FROM pulumi_app_revisions r JOIN pulumi_runs u ON u.id = r.run_id "
            + "WHERE r.cloud = #{cloud} AND r.environment = #{environment} AND r.name = #{name} ORDER BY r.revision DESC")
    List<Revision> revisions(@Param("cloud") String cloud, @Param("environment") String environment,
                             @Param("name") String name);

    @Select("SELECT " + REVISION + " FROM pulumi_app_revisions r JOIN pulumi_runs u ON u.id = r.run_id "
            + "WHERE r.cloud = #{cloud} AND r.environment = #{environment} AND r.name = #{name} "
            + "AND r.revision = #{revision}")
    Revision revision(@Param("cloud") String cloud, @Param("environment") String environment,
                      @Param("name") String name, @Param("revision") int revision);

    /** Every release's newest revision. */
    @Select("SELECT DISTINCT ON (r.cloud, r.environment, r.name) " + REVISION + " FROM pulumi_app_revisions r "
            + "JOIN pulumi_runs u ON u.id = r.run_id ORDER BY r.cloud, r.environment, r.name, r.revision DESC")
    List<Revision> releases();
}
