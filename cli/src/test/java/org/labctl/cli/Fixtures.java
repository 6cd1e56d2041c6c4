package org.labctl.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** JSON bodies as labd sends them (bundles/api records), written out so the tests pin the wire format. */
public final class Fixtures {

    /** The time the fixtures' ages and expiry times are relative to. */
    public static final Instant NOW = Instant.parse("2026-11-28T22:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Admin 27 days old with one certificate; dave 3 days old, one of his two certificates revoked. */
    public static final String USERS = """
            [{"name":"admin","description":"created on first start","createdBy":"labd","createdAt":"2026-11-01T10:00:00Z",
              "certificates":[{"serial":"5a1f","fingerprint":"sha256:aa","notAfter":"2027-11-01T10:00:00Z","revokedAt":null}]},
             {"name":"dave","description":"on-call SRE","createdBy":"admin","createdAt":"2026-11-25T22:00:00Z",
              "certificates":[{"serial":"7b2e","fingerprint":"sha256:bb","notAfter":"2026-12-25T22:00:00Z",
                               "revokedAt":"2026-11-26T08:00:00Z"},
                              {"serial":"9c3d","fingerprint":"sha256:cc","notAfter":"2027-02-26T22:00:00Z","revokedAt":null}],
              "addedByANewerLabd":true}]""";

    public static final String DAVE = """
            {"name":"dave","description":"on-call SRE","createdBy":"admin","createdAt":"2026-11-25T22:00:00Z",
             "certificates":[{"serial":"7b2e","fingerprint":"sha256:bb","notAfter":"2026-12-25T22:00:00Z",
                              "revokedAt":"2026-11-26T08:00:00Z"},
                             {"serial":"9c3d","fingerprint":"sha256:cc","notAfter":"2027-02-26T22:00:00Z","revokedAt":null}]}""";

    public static final String TOKEN_ID = "9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60";

    /** A fresh one-time token, a reusable one with every kind of scope, and a used-up expired one. */
    public static final String TOKENS = """
            [{"id":"9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60","kind":"one-time","usesLeft":1,"uses":0,
              "expiresAt":"2026-11-29T22:00:00Z","cloud":"baremetal","environment":null,"labels":{},"mac":null,
              "description":null,"state":"active","createdBy":"admin","createdAt":"2026-11-28T22:00:00Z","lastUsedAt":null},
             {"id":"0d4e7a9b1c2d3e4f5a6b7c8d9e0f1a2b","kind":"reusable","usesLeft":null,"uses":3,
              "expiresAt":"2026-12-05T22:00:00Z","cloud":"baremetal","environment":"lab","labels":{"rack":"r1","os":"debian"},
              "mac":"52:54:00:12:34:56","description":"rack r1","state":"active","createdBy":"admin",
              "createdAt":"2026-11-27T22:00:00Z","lastUsedAt":"2026-11-28T21:00:00Z"},
             {"id":"5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b","kind":"one-time","usesLeft":0,"uses":1,
              "expiresAt":"2026-11-28T10:00:00Z","cloud":"aws","environment":"prod","labels":{},"mac":null,
              "description":null,"state":"used-up","createdBy":"admin","createdAt":"2026-11-27T10:00:00Z",
              "lastUsedAt":"2026-11-27T11:00:00Z"}]""";

    public static final String CREATED_TOKEN = """
            {"info":{"id":"9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60","kind":"one-time","usesLeft":1,"uses":0,
                     "expiresAt":"2026-11-29T22:00:00Z","cloud":"baremetal","environment":null,"labels":{},"mac":null,
                     "description":null,"state":"active","createdBy":"admin","createdAt":"2026-11-28T22:00:00Z",
                     "lastUsedAt":null},
             "token":"LAB1abcdef0123456789::9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60.s3cr3t",
             "caFingerprint":"sha256:abcdef0123456789"}""";

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

    /** web-1 in baremetal/lab, seen 5 seconds ago, with labels; db-1 in aws without environment, never seen. */
    public static final String SERVERS = """
            [{"name":"web-1","id":"srv-0a1b","cloud":"baremetal","environment":"lab","role":"worker","status":"Ready",
              "lastSeen":"2026-11-28T21:59:55Z","agentVersion":"0.1.0","hostname":"web-1.lab","mac":"52:54:00:12:34:56",
              "labels":{"rack":"r1","os":"debian"}},
             {"name":"db-1","id":"srv-9f8e","cloud":"aws","environment":null,"role":null,"status":"NotReady",
              "lastSeen":null,"agentVersion":"0.0.9","hostname":"ip-10-0-0-7","mac":"02:00:00:aa:bb:cc","labels":{},
              "addedByANewerLabd":true}]""";

    public static final String SERVER_DETAIL = """
            {"server":{"name":"web-1","id":"srv-0a1b","cloud":"baremetal","environment":"lab","role":"worker",
                       "status":"Ready","lastSeen":"2026-11-28T21:59:55Z","agentVersion":"0.1.0","hostname":"web-1.lab",
                       "mac":"52:54:00:12:34:56","labels":{"rack":"r1","os":"debian"}},
             "facts":{"os":{"name":"Debian","version":"12"},"cpus":4,"ips":["10.0.0.5","fe80::1"],"kernel":"6.1.0"},
             "enrolledAt":"2026-11-27T22:00:00Z","enrolledWithToken":"9f2c1e0a5b7d4c3e8f6a1b2c3d4e5f60",
             "certificateSerial":"6d4f","certificateNotAfter":"2027-02-26T22:00:00Z"}""";

    public static final String CLOUDS = """
            [{"name":"baremetal","kind":"baremetal","description":"servers enrolled by lab-agent","environments":1,
              "servers":3,"createdAt":"2026-11-01T10:00:00Z"},
             {"name":"aws","kind":"aws","description":null,"environments":0,"servers":0,"createdAt":"2026-11-28T20:00:00Z"}]""";

    public static final String ENVIRONMENTS = """
            [{"name":"lab","cloud":"baremetal","description":"the rack","servers":2,"createdAt":"2026-11-25T22:00:00Z"},
             {"name":"prod","cloud":"aws","description":null,"servers":0,"createdAt":"2026-11-28T21:00:00Z"}]""";

    /** Built-in admin and viewer, and ops, made by admin a day ago and bound to bob. */
    public static final String ROLES = """
            [{"name":"admin","description":"everything, everywhere","builtin":true,"allows":["*:*:*:*"],"denies":[],
              "users":["admin"],"createdBy":"labd","createdAt":"2026-11-01T10:00:00Z"},
             {"name":"ops","description":null,"builtin":false,"allows":["manage:*:*:*","read:*:*:*"],
              "denies":["manage:*:*:users"],"users":["bob"],"createdBy":"admin","createdAt":"2026-11-27T22:00:00Z",
              "addedByANewerLabd":true},
             {"name":"viewer","description":"read everything","builtin":true,"allows":["read:*:*:*"],"denies":[],
              "users":[],"createdBy":"labd","createdAt":"2026-11-01T10:00:00Z"}]""";

    public static final String OPS = """
            {"name":"ops","description":null,"builtin":false,"allows":["manage:*:*:*","read:*:*:*"],
             "denies":["manage:*:*:users"],"users":["bob"],"createdBy":"admin","createdAt":"2026-11-27T22:00:00Z"}""";

    public static final String BOB_PERMISSIONS = """
            {"user":"bob","roles":["ops"],"allows":["manage:*:*:*","read:*:*:*"],"denies":["manage:*:*:users"]}""";

    public static final String CAN_I_YES = """
            {"allowed":true,"request":"exec:baremetal:lab:web-1","reason":"exec:baremetal:lab:web-1 is allowed by *:*:*:*"}""";

    public static final String CAN_I_NO = """
            {"allowed":false,"request":"manage:*:*:users",
             "reason":"manage:*:*:users is denied by the deny rule manage:*:*:users"}""";

    public static final String SESSION_ID = "4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998";

    /**
     * Admin creating a role in session {@link #SESSION_ID}; bob denied in a session a script named;
     * an unauthenticated request, and one labd stopped answering (no status, no duration).
     */
    public static final String AUDIT = """
            [{"id":"0c2b1a3e-0000-4000-8000-000000000001","at":"2026-11-28T21:58:00.123456Z","user":"admin",
              "sessionId":"4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998","requestId":"r-1","method":"POST","path":"/api/v1/roles",
              "action":"manage","resource":"*:*:roles","result":"allowed","httpStatus":201,"durationMs":14,
              "sourceAddress":"127.0.0.1","details":null},
             {"id":"0c2b1a3e-0000-4000-8000-000000000002","at":"2026-11-28T21:59:30.500000Z","user":"bob",
              "sessionId":"deploy-42","requestId":"r-2","method":"DELETE","path":"/api/v1/users/dave","action":"manage",
              "resource":"*:*:users","result":"denied","httpStatus":403,"durationMs":3,"sourceAddress":"10.0.0.7",
              "details":"{\\"reason\\":\\"manage:*:*:users is denied by the deny rule manage:*:*:users\\"}"},
             {"id":"0c2b1a3e-0000-4000-8000-000000000003","at":"2026-11-28T21:59:58.000001Z","user":null,"sessionId":null,
              "requestId":"r-3","method":"GET","path":"/api/v1/users","action":null,"resource":null,"result":"denied",
              "httpStatus":401,"durationMs":1,"sourceAddress":"10.0.0.9","details":null,"addedByANewerLabd":true},
             {"id":"0c2b1a3e-0000-4000-8000-000000000004","at":"2026-11-28T21:59:59.000000Z","user":"admin",
              "sessionId":"4f1c2a9b0d8e4c7fa6b5e3d2c1b0a998","requestId":"r-4","method":"DELETE","path":"/api/v1/servers/web-1",
              "action":"destroy","resource":"baremetal:lab:web-1","result":"error","httpStatus":null,"durationMs":null,
              "sourceAddress":"127.0.0.1","details":null}]""";

    public static String error(int status, String code, String message) {
        return "{\"status\":" + status + ",\"error\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private Fixtures() {
    }
}
