package org.labctl.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.labctl.api.AuditRecord;

/** The audit log table: read by queries, completed by the access filter, trimmed by retention. Never edited otherwise. */
public interface AuditMapper {

    /** In the order of {@link AuditRecord}'s components (MyBatis maps records by position). */
    String COLUMNS = "id_text, at_text, user_name, session_id, request_id, method, path, action, resource, result, http_status, "
            + "duration_ms, source_address, details_text";

    @Select("SELECT " + COLUMNS + " FROM (SELECT CAST(id AS TEXT) AS id_text, "
            + "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at_text, user_name, session_id, request_id, "
            + "method, path, action, resource, result, http_status, duration_ms, source_address, "
            + "CAST(details AS TEXT) AS details_text, at, id FROM audit_log "
            + "WHERE (CAST(#{user} AS TEXT) IS NULL OR user_name = #{user}) "
            + "AND (CAST(#{action} AS TEXT) IS NULL OR action = #{action}) "
            + "AND (CAST(#{result} AS TEXT) IS NULL OR result = #{result}) "
            + "AND (CAST(#{session} AS TEXT) IS NULL OR session_id = #{session}) "
            + "AND (CAST(#{since} AS TIMESTAMPTZ) IS NULL OR at >= #{since}) "
            + "AND (CAST(#{until} AS TIMESTAMPTZ) IS NULL OR at < #{until}) "
            + "ORDER BY at DESC, id DESC LIMIT #{limit}) newest ORDER BY at, id")
    List<AuditRecord> query(@Param("user") String user, @Param("action") String action, @Param("result") String result,
                            @Param("session") String session, @Param("since") OffsetDateTime since,
                            @Param("until") OffsetDateTime until, @Param("limit") int limit);

    /** Completes a row written inside the request's change with how the request ended. */
    @Update("UPDATE audit_log SET http_status = #{status}, duration_ms = #{duration}, result = #{result} "
            + "WHERE id = CAST(#{id} AS UUID) AND http_status IS NULL")
    int complete(@Param("id") String id, @Param("status") int status, @Param("duration") int duration,
                 @Param("result") String result);

    /** Closes a row opened for something that lasted (an exec session); only once. */
    @Update("UPDATE audit_log SET result = #{result}, duration_ms = #{duration}, "
            + "details = COALESCE(details, CAST('{}' AS JSONB)) || CAST(#{details} AS JSONB) "
            + "WHERE id = CAST(#{id} AS UUID) AND duration_ms IS NULL")
    int close(@Param("id") String id, @Param("result") String result, @Param("duration") int duration,
              @Param("details") String details);

    /** Retention: removes up to {@code batch} rows older than the cut-off. */
    @Delete("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < #{before} LIMIT #{batch})")
    int expire(@Param("before") OffsetDateTime before, @Param("batch") int batch);
}
