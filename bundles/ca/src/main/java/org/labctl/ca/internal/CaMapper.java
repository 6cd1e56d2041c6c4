package org.labctl.ca.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Certificate authorities and the certificates they issued. */
public interface CaMapper {

    /** A CA as stored: the certificate in PEM, the private key sealed with the master key. */
    record StoredCa(String certificatePem, byte[] keyCiphertext, byte[] keyNonce) {
    }

    @Select("SELECT certificate_pem, key_ciphertext, key_nonce FROM certificate_authorities WHERE name = #{name}")
    StoredCa findAuthority(String name);

    /** Several labd instances may start at once: the first insert wins, the others read it back. */
    @Insert("INSERT INTO certificate_authorities (name, certificate_pem, key_ciphertext, key_nonce, not_after) "
            + "VALUES (#{name}, #{pem}, #{ciphertext}, #{nonce}, #{notAfter}) ON CONFLICT (name) DO NOTHING")
    int insertAuthorityIfAbsent(@Param("name") String name, @Param("pem") String pem, @Param("ciphertext") byte[] ciphertext,
                                @Param("nonce") byte[] nonce, @Param("notAfter") OffsetDateTime notAfter);

    /**
     * Records an issued certificate; a user certificate is linked to the user of its common name, an
     * agent certificate to its server (core's id, null for others).
     */
    @Insert("INSERT INTO certificates (serial, subject, kind, user_id, server_id, fingerprint, certificate_pem, not_before, not_after) "
            + "VALUES (#{serial}, #{subject}, #{kind}, "
            + "CASE WHEN #{kind} = 'user' THEN (SELECT id FROM users WHERE name = #{commonName}) END, "
            + "CAST(#{serverId} AS UUID), #{fingerprint}, #{pem}, #{notBefore}, #{notAfter})")
    void insertCertificate(@Param("serial") String serial, @Param("subject") String subject, @Param("kind") String kind,
                           @Param("commonName") String commonName, @Param("serverId") String serverId,
                           @Param("fingerprint") String fingerprint, @Param("pem") String pem,
                           @Param("notBefore") OffsetDateTime notBefore, @Param("notAfter") OffsetDateTime notAfter);

    @Update("UPDATE certificates SET revoked_at = now(), revocation_reason = #{reason} "
            + "WHERE serial = #{serial} AND revoked_at IS NULL")
    int revoke(@Param("serial") String serial, @Param("reason") String reason);

    /** Revokes every certificate of the server. */
    @Update("UPDATE certificates SET revoked_at = now(), revocation_reason = #{reason} "
            + "WHERE server_id = CAST(#{serverId} AS UUID) AND revoked_at IS NULL")
    int revokeOfServer(@Param("serverId") String serverId, @Param("reason") String reason);

    /** A server's current agent certificate: the latest issued. */
    record ServerCertificate(String serverId, String serial, OffsetDateTime notAfter, OffsetDateTime revokedAt) {
    }

    @Select("<script>SELECT DISTINCT ON (server_id) CAST(server_id AS TEXT) AS server_id, serial, not_after, revoked_at "
            + "FROM certificates WHERE kind = 'agent' AND server_id IN "
            + "<foreach item='id' collection='ids' open='(' separator=',' close=')'>CAST(#{id} AS UUID)</foreach> "
            + "ORDER BY server_id, not_before DESC, created_at DESC</script>")
    List<ServerCertificate> currentOfServers(@Param("ids") java.util.Collection<String> serverIds);

    /** Revokes every certificate of the user. */
    @Update("UPDATE certificates SET revoked_at = now(), revocation_reason = #{reason} "
            + "WHERE user_id = (SELECT id FROM users WHERE name = #{user}) AND revoked_at IS NULL")
    int revokeOfUser(@Param("user") String user, @Param("reason") String reason);

    @Select("SELECT count(*) FROM certificates WHERE serial = #{serial}")
    int countBySerial(String serial);

    /** Revoked certificates that could still be presented (not expired yet). */
    @Select("SELECT serial FROM certificates WHERE revoked_at IS NOT NULL AND not_after > now()")
    List<String> revokedSerials();
}
