package org.labctl.api;

import java.util.List;

/**
 * Answer of {@code GET /api/v1/health}: {@code status} is {@code ok} when the database is up and
 * every labd bundle is active, {@code degraded} otherwise (answered with HTTP 503).
 *
 * @param status        {@code ok} or {@code degraded}
 * @param version       the labd version
 * @param instanceId    identifies this labd process (several may serve one fleet)
 * @param clusterId     identifies the installation; created on first start, stored in the database
 * @param startedAt     when this labd process started, ISO-8601
 * @param uptimeSeconds seconds since this labd process started
 * @param database      the database state
 * @param bundles       the labd bundles and their states
 */
public record HealthInfo(String status, String version, String instanceId, String clusterId, String startedAt,
                         long uptimeSeconds, DatabaseHealth database, List<BundleHealth> bundles) {

    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";

    public boolean healthy() {
        return OK.equals(status);
    }
}
