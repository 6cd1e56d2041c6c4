-- The modules' tables (issue 17): every version labd keeps of each module with its files (labd is stateless:
-- several instances share these rows, and each materializes what it serves from them), which version of each
-- module is installed and which one a rollback returns to, what each server's agent reported of its modules,
-- and one generation that every change moves, which instances poll to learn of changes. Released migrations are
-- never edited: add V<n+1>__<what>.sql instead.

-- One version of one module, as it was added: what its module.yaml says (as JSON, for readers of the table; the
-- module.yaml file itself is among the files), the values of its parameters, where it came from and who added it.
CREATE TABLE module_versions (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL,
    version     TEXT NOT NULL,
    tier        TEXT NOT NULL,
    description TEXT NOT NULL,
    descriptor  JSONB NOT NULL,
    parameters  JSONB NOT NULL,
    source      TEXT NOT NULL,
    commit_id   TEXT,
    added_by    TEXT NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- A version's files, each pinned by the SHA-256 it had when the module was added, and verified again whenever
-- labd serves or installs it. position: module.yaml first, then the agent bundles in install order, then the labd side.
CREATE TABLE module_files (
    version_id UUID NOT NULL REFERENCES module_versions (id) ON DELETE CASCADE,
    file       TEXT NOT NULL,
    position   INT NOT NULL,
    sha256     TEXT NOT NULL,
    size       BIGINT NOT NULL,
    content    BYTEA NOT NULL,
    PRIMARY KEY (version_id, file)
);

-- The modules installed: the version in force, and the one a rollback returns to (kept with its files).
CREATE TABLE modules (
    name        TEXT PRIMARY KEY,
    current_id  UUID NOT NULL REFERENCES module_versions (id),
    previous_id UUID REFERENCES module_versions (id),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- What each server's agent last reported of each module it has (or is removing).
CREATE TABLE module_status (
    server_id   UUID NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    module      TEXT NOT NULL,
    version     TEXT NOT NULL,
    state       TEXT NOT NULL,
    health      JSONB,
    error       TEXT,
    since       TIMESTAMPTZ,
    reported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (server_id, module)
);

-- One row: moved by every change of the modules (in the change's transaction, which also locks it, so that
-- changes to modules happen one after the other); every labd instance polls it to learn of changes.
CREATE TABLE module_generation (
    id         INT PRIMARY KEY CHECK (id = 1),
    generation TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO module_generation (id, generation) VALUES (1, 'empty');
