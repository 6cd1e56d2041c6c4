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
     * agent certificate to the server of its common name.
     */
    @Insert("INSERT INTO certificates (serial, subject, kind, user_id, server_id, fingerprint, certificate_pem, not_before, not_after) "
            + "VALUES (#{serial}, #{subject}, #{kind}, "
            + "CASE WHEN #{kind} = 'user' THEN (SELECT id FROM users WHERE name = #{commonName}) END, "
            + "CASE WHEN #{kind} = 'agent' THEN (SELECT id FROM servers WHERE name = #{commonName}) END, "
            + "#{fingerprint}, #{pem}, #{notBefore}, #{notAfter})")
    void insertCertificate(@Param("serial") String serial, @Param("subject") String subject, @Param("kind") String kind,
                           @Param("commonName") String commonName,
                           @Param("fingerprint") String fingerprint, @Param("pem") String pem,
                           @Param("notBefore") OffsetDateTime notBefore, @Param("notAfter") OffsetDateTime notAfter);

    @Update("UPDATE certificates SET revoked_at = now(), revocation_reason = #{reason} "
            + "WHERE serial = #{serial} AND revoked_at IS NULL")
    int revoke(@Param("serial") String serial, @Param("reason") String reason);

    /** Revokes every certificate of the server. */
    @Update("UPDATE certificates SET revoked_at = now(), revocation_reason = #{reason} "
            + "WHERE server_id = CAST(#{serverId} AS UUID) AND revoked_at IS NULL")
    int revokeOfServer(@Param("serverId") String serverId, @Param("reason") String reason);

    @Select("SELECT count(*) FROM certificates WHERE serial = #{serial}")
    int countBySerial(String serial);

    /** Revoked certificates that could still be presented (not expired yet). */
    @Select("SELECT serial FROM certificates WHERE revoked_at IS NOT NULL AND not_after > now()")
    List<String> revokedSerials();
}
