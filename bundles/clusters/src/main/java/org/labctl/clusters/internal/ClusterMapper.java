package org.labctl.clusters.internal;

import java.time.OffsetDateTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The clusters labd keeps. */
public interface ClusterMapper {

    /** A cluster as stored: its credential sealed (nonce and ciphertext). */
    record Row(String name, String cloud, String environment, String server, String caPem, String credential,
               byte[] credentialNonce, byte[] credentialSealed, String clusterUser, boolean impersonates, String version,
               OffsetDateTime lastReachedAt, String addedBy, OffsetDateTime addedAt) {
    }

    String COLUMNS = "name, cloud, environment, server, ca_pem, credential, credential_nonce, credential_sealed, cluster_user, "
            + "impersonates, version, last_reached_at, added_by, added_at";

    @Select("SELECT " + COLUMNS + " FROM clusters ORDER BY name")
    List<Row> all();

    @Select("SELECT " + COLUMNS + " FROM clusters WHERE name = #{name}")
    Row byName(String name);

    @Insert("INSERT INTO clusters (name, cloud, environment, server, ca_pem, credential, credential_nonce, credential_sealed, "
            + "cluster_user, impersonates, version, last_reached_at, added_by) VALUES (#{r.name}, #{r.cloud}, #{r.environment}, "
            + "#{r.server}, #{r.caPem}, #{r.credential}, #{r.credentialNonce}, #{r.credentialSealed}, #{r.clusterUser}, "
            + "#{r.impersonates}, #{r.version}, now(), #{r.addedBy})")
    void insert(@Param("r") Row row);

    @Update("UPDATE clusters SET last_reached_at = now(), version = COALESCE(#{version}, version) WHERE name = #{name}")
    void reached(@Param("name") String name, @Param("version") String version);

    @Delete("DELETE FROM clusters WHERE name = #{name}")
    int delete(String name);
}
