-- Kubernetes clusters labd keeps (issue 18): where each is placed (its address kubectl:CLOUD:ENV:NAME), how labd
-- reaches its API server, and the credential labd uses there, sealed with labd's master key (AES-256-GCM bound to the
-- cluster's name, as the CA key is): only the nonce and the ciphertext are stored.

CREATE TABLE clusters (
    name              TEXT PRIMARY KEY,
    cloud             TEXT NOT NULL,
    environment       TEXT NOT NULL,
    server            TEXT NOT NULL,
    ca_pem            TEXT,
    credential        TEXT NOT NULL CHECK (credential IN ('client-certificate', 'token')),
    credential_nonce  BYTEA NOT NULL,
    credential_sealed BYTEA NOT NULL,
    cluster_user      TEXT,
    impersonates      BOOLEAN NOT NULL,
    version           TEXT,
    last_reached_at   TIMESTAMPTZ,
    added_by          TEXT NOT NULL,
    added_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
