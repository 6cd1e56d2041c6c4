package org.labctl.cli;

/** JSON bodies as labd sends them (bundles/api records), written out so the tests pin the wire format. */
public final class Fixtures {

    public static final String VERSION = """
            {"version":"0.1.0-SNAPSHOT","java":"17.0.15","karaf":"4.4.10"}""";

    public static final String HEALTH_OK = """
            {"status":"ok","version":"0.1.0-SNAPSHOT","instanceId":"i-7","clusterId":"c-42",
             "startedAt":"2026-11-28T22:00:00Z","uptimeSeconds":192,
             "database":{"up":true,"mode":"embedded","url":"jdbc:postgresql://localhost:5432/labd",
                         "product":"PostgreSQL 14.22","schemaVersion":"1","error":null},
             "bundles":[{"name":"org.labctl.api","version":"0.1.0","state":"Active"},
                        {"name":"org.labctl.core","version":"0.1.0","state":"Active"}],
             "addedByANewerLabd":true}""";

    public static final String HEALTH_DEGRADED = """
            {"status":"degraded","version":"0.1.0-SNAPSHOT","instanceId":"i-7","clusterId":"c-42",
             "startedAt":"2026-11-28T22:00:00Z","uptimeSeconds":3725,
             "database":{"up":false,"mode":"external","url":"jdbc:postgresql://db:5432/labd",
                         "product":null,"schemaVersion":null,"error":"connection refused"},
             "bundles":[{"name":"org.labctl.api","version":"0.1.0","state":"Active"},
                        {"name":"org.labctl.core","version":"0.1.0","state":"Resolved"}]}""";

    public static String error(int status, String code, String message) {
        return "{\"status\":" + status + ",\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private Fixtures() {
    }
}
