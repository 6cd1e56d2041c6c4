-- exec's tables: each server's agent connection, the labd instances alive, and the exec sessions
-- running, as labd's single schema history (table schema_history) left them at its version 5, when each
-- bundle began to own its tables. On a database made by that history this migration is recorded as
-- the baseline and not run. Released migrations are never edited: add V<n+1>__<what>.sql instead.

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

-- Which labd instances are alive and where the others reach them: an exec session whose agent is
-- connected to another instance is relayed there. Each instance refreshes its row every few seconds;
-- a row not refreshed for 30 s belongs to an instance that is gone.
CREATE TABLE labd_instances (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Exec sessions running now, with the instance that audits them. When that instance dies, any
-- other instance closes their audit rows as lost and removes them.
CREATE TABLE exec_sessions (
    id         UUID PRIMARY KEY,
    audit_id   UUID NOT NULL,
    instance   TEXT NOT NULL,
    server_id  UUID,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX exec_sessions_instance ON exec_sessions (instance);
