-- Pulumi programs, stacks and runs (issue 19). labd owns the engine's state: each stack's checkpoint and settings are
-- kept here (backed up with the database) and written to a scratch backend on the instance that runs the engine.
-- A stack's passphrase, which encrypts its secrets in both, is sealed with labd's master key (AES-256-GCM bound to
-- the stack's address, as the CA key is).

-- a program's jar, named by its SHA-256, in chunks of 1 MiB: neither end holds a whole jar in memory
CREATE TABLE pulumi_programs (
    sha256      TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        BIGINT NOT NULL,
    chunks      INT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE pulumi_program_chunks (
    sha256 TEXT NOT NULL REFERENCES pulumi_programs (sha256) ON DELETE CASCADE,
    seq    INT NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (sha256, seq)
);

CREATE TABLE pulumi_stacks (
    cloud             TEXT NOT NULL,
    environment       TEXT NOT NULL,
    name              TEXT NOT NULL,
    project           TEXT NOT NULL,
    cluster           TEXT,
    passphrase_nonce  BYTEA NOT NULL,
    passphrase_sealed BYTEA NOT NULL,
    -- Pulumi.<stack>.yaml as the engine last wrote it: config, secret values as the engine's ciphertext
    settings          TEXT NOT NULL,
    -- the engine's checkpoint (.pulumi/stacks/PROJECT/STACK.json)
    state             TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (cloud, environment, name)
);

CREATE TABLE pulumi_runs (
    id               TEXT PRIMARY KEY,
    cloud            TEXT NOT NULL,
    environment      TEXT NOT NULL,
    stack            TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('plan', 'apply', 'destroy')),
    state            TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
    user_name        TEXT NOT NULL,
    project          TEXT NOT NULL,
    version          TEXT,
    program          TEXT NOT NULL,
    cluster          TEXT,
    instance         TEXT NOT NULL,
    started_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    alive_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at         TIMESTAMPTZ,
    cancel_requested BOOLEAN NOT NULL DEFAULT false,
    changes          TEXT,
    outputs          TEXT,
    error            TEXT
);
-- one run at a time per stack: a second start fails on this index and is told which run holds the stack
CREATE UNIQUE INDEX pulumi_runs_one_per_stack ON pulumi_runs (cloud, environment, stack) WHERE state = 'running';
CREATE INDEX pulumi_runs_by_stack ON pulumi_runs (cloud, environment, stack, started_at);

CREATE TABLE pulumi_run_lines (
    run_id TEXT NOT NULL REFERENCES pulumi_runs (id) ON DELETE CASCADE,
    seq    BIGINT NOT NULL,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    text   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
