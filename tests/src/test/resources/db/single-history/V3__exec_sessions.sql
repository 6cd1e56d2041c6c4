-- Which labd instances are alive and where the others reach them: an exec session whose agent is
-- connected to another instance is relayed there (bundles/exec). Each instance refreshes its row
-- every few seconds; a row not refreshed for 30 s belongs to an instance that is gone.
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
