-- Core's tables: settings, clouds, environments, servers and the audit log, as labd's single schema
-- history (table schema_history) left them at its version 5, when each bundle began to own its tables.
-- Numbered 5 so that core's schema version goes on from that history's. On a database made by that
-- history this migration is recorded as the baseline and not run (see core's Migrations).
-- Portable between PostgreSQL and CockroachDB (DESIGN.md §5): UUID keys from gen_random_uuid(),
-- no sequences as identity, TIMESTAMPTZ, JSONB, no triggers, stored procedures, LISTEN/NOTIFY or
-- advisory locks. Released migrations are never edited: add V<n+1>__<what>.sql instead.

-- Installation-wide settings; cluster.id identifies this installation across labd instances.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES ('cluster.id', gen_random_uuid()::TEXT);

-- created_by: who created a cloud or an environment (labctl describe cloud|environment); null for baremetal.
CREATE TABLE clouds (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    kind        TEXT NOT NULL DEFAULT 'baremetal',
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  TEXT
);
INSERT INTO clouds (name, kind, description) VALUES ('baremetal', 'baremetal', 'Machines labctl provisions itself');

CREATE TABLE environments (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    cloud_id    UUID NOT NULL REFERENCES clouds (id),
    name        TEXT NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by  TEXT,
    UNIQUE (cloud_id, name)
);

CREATE TABLE servers (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name           TEXT NOT NULL UNIQUE,
    hostname       TEXT,
    mac            TEXT,
    cloud_id       UUID NOT NULL REFERENCES clouds (id),
    environment_id UUID REFERENCES environments (id),
    role           TEXT,
    labels         JSONB NOT NULL DEFAULT '{}',
    facts          JSONB NOT NULL DEFAULT '{}',
    status         TEXT NOT NULL DEFAULT 'NotReady' CHECK (status IN ('Ready', 'NotReady', 'Revoked')),
    enrolled_at    TIMESTAMPTZ,
    enrolled_token UUID,
    last_seen_at   TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX servers_environment ON servers (environment_id);
CREATE INDEX servers_cloud ON servers (cloud_id);
CREATE INDEX servers_mac ON servers (mac);
CREATE INDEX servers_labels ON servers USING GIN (labels);

-- One row per API request, allowed or denied. Never updated or deleted through the API.
CREATE TABLE audit_log (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_name      TEXT,
    session_id     TEXT,
    request_id     TEXT NOT NULL,
    method         TEXT,
    path           TEXT,
    action         TEXT,
    resource       TEXT,
    result         TEXT NOT NULL CHECK (result IN ('allowed', 'denied', 'error')),
    http_status    INT,
    duration_ms    INT,
    source_address TEXT,
    details        JSONB
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_user_at ON audit_log (user_name, at);
CREATE INDEX audit_log_session ON audit_log (session_id);
