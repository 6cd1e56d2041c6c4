-- The certificate authority's tables: users, join tokens, labd's CAs and the certificates they issued,
-- as labd's single schema history (table schema_history) left them at its version 5, when each bundle
-- began to own its tables. On a database made by that history this migration is recorded as the
-- baseline and not run. Released migrations are never edited: add V<n+1>__<what>.sql instead.

CREATE TABLE users (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name        TEXT NOT NULL UNIQUE,
    description TEXT,
    disabled    BOOLEAN NOT NULL DEFAULT false,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Only a hash of the token is stored; the token is shown once when created. address: the network
-- address (an IP address or a CIDR block) the enrollment must come from, as labd sees the
-- enrollment's connection; a bastion binds each kickstart's token to the address it served it to.
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
    last_used_at   TIMESTAMPTZ,
    address        TEXT
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
