-- labd domain schema, version 1.
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

CREATE TABLE clouds (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    kind        TEXT NOT NULL DEFAULT 'baremetal',
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO clouds (name, kind, description) VALUES ('baremetal', 'baremetal', 'Machines labctl provisions itself');

CREATE TABLE environments (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    cloud_id    UUID NOT NULL REFERENCES clouds (id),
    name        TEXT NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
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

-- The agent process of a server: its connection and certificate.
CREATE TABLE agents (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    server_id          UUID NOT NULL UNIQUE REFERENCES servers (id) ON DELETE CASCADE,
    version            TEXT,
    certificate_serial TEXT,
    connected_instance TEXT,
    connected_at       TIMESTAMPTZ,
    last_heartbeat_at  TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    disabled    BOOLEAN NOT NULL DEFAULT false,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE roles (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    builtin     BOOLEAN NOT NULL DEFAULT false,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One allow or deny rule action:cloud:environment:name of a role; '*' matches a whole segment.
CREATE TABLE permissions (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    role_id     UUID NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    effect      TEXT NOT NULL CHECK (effect IN ('allow', 'deny')),
    action      TEXT NOT NULL,
    cloud       TEXT NOT NULL,
    environment TEXT NOT NULL,
    name        TEXT NOT NULL,
    UNIQUE (role_id, effect, action, cloud, environment, name)
);

CREATE TABLE role_bindings (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    role_id    UUID NOT NULL REFERENCES roles (id),
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (role_id, user_id)
);
CREATE INDEX role_bindings_user ON role_bindings (user_id);

-- Only a hash of the token is stored; the token is shown once when created.
CREATE TABLE join_tokens (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash     TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('one-time', 'reusable')),
    max_uses       INT CHECK (max_uses IS NULL OR max_uses > 0),
    uses           INT NOT NULL DEFAULT 0 CHECK (uses >= 0),
    expires_at     TIMESTAMPTZ,
    revoked_at     TIMESTAMPTZ,
    cloud_id       UUID REFERENCES clouds (id),
    environment_id UUID REFERENCES environments (id),
    labels         JSONB NOT NULL DEFAULT '{}',
    mac            TEXT,
    description    TEXT,
    created_by     TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at   TIMESTAMPTZ
);

-- labd's certificate authorities; the private key is encrypted with the master key (AES-256-GCM).
CREATE TABLE certificate_authorities (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name            TEXT NOT NULL UNIQUE,
    certificate_pem TEXT NOT NULL,
    key_ciphertext  BYTEA NOT NULL,
    key_nonce       BYTEA NOT NULL,
    not_after       TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE certificates (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    serial            TEXT NOT NULL UNIQUE,
    subject           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('server', 'user', 'agent')),
    user_id           UUID REFERENCES users (id) ON DELETE SET NULL,
    server_id         UUID REFERENCES servers (id) ON DELETE SET NULL,
    fingerprint       TEXT NOT NULL,
    certificate_pem   TEXT NOT NULL,
    not_before        TIMESTAMPTZ NOT NULL,
    not_after         TIMESTAMPTZ NOT NULL,
    revoked_at        TIMESTAMPTZ,
    revocation_reason TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX certificates_user ON certificates (user_id);
CREATE INDEX certificates_server ON certificates (server_id);
CREATE INDEX certificates_revoked ON certificates (revoked_at) WHERE revoked_at IS NOT NULL;

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

-- Kubernetes clusters; the kubeconfig is encrypted with the master key (AES-256-GCM).
CREATE TABLE clusters (
    id                   UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name                 TEXT NOT NULL UNIQUE,
    cloud_id             UUID NOT NULL REFERENCES clouds (id),
    environment_id       UUID REFERENCES environments (id),
    distribution         TEXT,
    api_server           TEXT,
    kubeconfig_encrypted BYTEA,
    kubeconfig_nonce     BYTEA,
    labels               JSONB NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE pulumi_runs (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    project        TEXT NOT NULL,
    stack          TEXT NOT NULL,
    operation      TEXT NOT NULL CHECK (operation IN ('preview', 'up', 'destroy', 'refresh')),
    state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    cloud_id       UUID REFERENCES clouds (id),
    environment_id UUID REFERENCES environments (id),
    requested_by   TEXT,
    summary        JSONB,
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ
);
CREATE INDEX pulumi_runs_stack ON pulumi_runs (project, stack, created_at);

-- Applications (Helm charts) deployed to clusters, and each deployment of them.
CREATE TABLE apps (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name       TEXT NOT NULL,
    cluster_id UUID NOT NULL REFERENCES clusters (id),
    namespace  TEXT NOT NULL DEFAULT 'default',
    chart      TEXT NOT NULL,
    repository TEXT,
    values     JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (cluster_id, name)
);

CREATE TABLE app_releases (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id        UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    revision      INT NOT NULL CHECK (revision > 0),
    chart_version TEXT,
    values        JSONB NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL CHECK (state IN ('pending', 'deployed', 'failed', 'superseded', 'rolled-back')),
    pulumi_run_id UUID REFERENCES pulumi_runs (id),
    deployed_by   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (app_id, revision)
);
