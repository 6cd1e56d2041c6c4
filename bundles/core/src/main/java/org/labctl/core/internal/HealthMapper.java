package org.labctl.core.internal;

import org.apache.ibatis.annotations.Select;

/** The queries health needs. */
public interface HealthMapper {

    @Select("SHOW server_version")
    String serverVersion();

    @Select("SELECT value FROM settings WHERE key = 'cluster.id'")
    String clusterId();
}
