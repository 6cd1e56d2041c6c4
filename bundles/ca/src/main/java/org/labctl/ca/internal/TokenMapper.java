package org.labctl.ca.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Join tokens: only a hash of each secret is stored. */
public interface TokenMapper {

    record TokenRow(String id, String kind, Integer maxUses, int uses, OffsetDateTime expiresAt, OffsetDateTime revokedAt,
                    String cloud, String environment, String labels, String mac, String description, String createdBy,
                    OffsetDateTime createdAt, OffsetDateTime lastUsedAt, String address) {
    }

    /** The one rule of a usable token, {@code t}: one that can still admit an agent. */
    String USABLE = "t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) "
            + "AND (t.max_uses IS NULL OR t.uses < t.max_uses)";

    /** The tokens {@code t} aimed at cloud {@code #{cloud}} and, unless {@code #{environment}} is null, at that environment. */
    String AIMED_AT = "t.cloud = #{cloud} AND (CAST(#{environment} AS TEXT) IS NULL OR t.environment = #{environment})";

    String SELECT = "SELECT t.id::text AS id, t.kind, t.max_uses, t.uses, t.expires_at, t.revoked_at, t.cloud, t.environment, "
            + "t.labels::text AS labels, t.mac, t.description, t.created_by, t.created_at, t.last_used_at, t.address "
            + "FROM join_tokens t ";

    @Insert("INSERT INTO join_tokens (id, token_hash, kind, max_uses, expires_at, cloud, environment, labels, mac, "
            + "description, created_by, address) VALUES (CAST(#{id} AS UUID), #{hash}, #{kind}, #{maxUses}, #{expiresAt}, "
            + "#{cloud}, #{environment}, CAST(#{labels} AS JSONB), #{mac}, #{description}, #{createdBy}, #{address})")
    void insert(@Param("id") String id, @Param("hash") String hash, @Param("kind") String kind, @Param("maxUses") Integer maxUses,
                @Param("expiresAt") OffsetDateTime expiresAt, @Param("cloud") String cloud, @Param("environment") String environment,
                @Param("labels") String labels, @Param("mac") String mac, @Param("description") String description,
                @Param("createdBy") String createdBy, @Param("address") String address);

    /**
     * Revokes the tokens one creator made for one machine of one environment that can still admit an
     * agent (a bastion's kickstart tokens, when the machine is reassigned or forgotten).
     */
    @Update("UPDATE join_tokens t SET revoked_at = now() WHERE t.cloud = #{cloud} AND t.environment = #{environment} "
            + "AND t.mac = #{mac} AND t.created_by = #{createdBy} AND " + USABLE)
    int revokeUsable(@Param("cloud") String cloud, @Param("environment") String environment, @Param("mac") String mac,
                     @Param("createdBy") String createdBy);

    @Select(SELECT + "ORDER BY t.created_at, t.id")
    List<TokenRow> list();

    @Select(SELECT + "WHERE t.id = CAST(#{id} AS UUID)")
    TokenRow find(String id);

    @Update("UPDATE join_tokens SET revoked_at = now() WHERE id = CAST(#{id} AS UUID) AND revoked_at IS NULL")
    int revoke(String id);

    @Select("SELECT token_hash FROM join_tokens WHERE id = CAST(#{id} AS UUID)")
    String hash(String id);

    /**
     * Takes one use of a token if it can still admit an agent; the row lock makes concurrent uses of
     * a one-time token admit exactly one.
     */
    @Update("UPDATE join_tokens t SET uses = t.uses + 1, last_used_at = now() WHERE t.id = CAST(#{id} AS UUID) AND " + USABLE)
    int consume(String id);

    @Select("SELECT count(*) FROM join_tokens t WHERE " + AIMED_AT + " AND " + USABLE)
    int countUsable(@Param("cloud") String cloud, @Param("environment") String environment);

    /** Tokens that can no longer admit anyone do not keep a cloud or environment alive. */
    @Delete("DELETE FROM join_tokens t WHERE " + AIMED_AT + " AND NOT (" + USABLE + ")")
    int deleteUnusable(@Param("cloud") String cloud, @Param("environment") String environment);
}
