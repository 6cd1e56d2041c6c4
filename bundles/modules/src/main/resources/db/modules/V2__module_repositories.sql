-- Maven sources of modules (issue 17): the repositories labd resolves mvn:GROUP/ARTIFACT/VERSION from, in the order
-- it asks them, and the SHA-256 of the artifact a version was fetched as. A repository's password is sealed with
-- labd's master key (AES-256-GCM, bound to the repository's name, as the CA key is): only the nonce and the
-- ciphertext are stored.

CREATE TABLE module_repositories (
    name            TEXT PRIMARY KEY,
    url             TEXT NOT NULL UNIQUE,
    position        INT NOT NULL,
    username        TEXT,
    password_nonce  BYTEA,
    password_sealed BYTEA,
    added_by        TEXT NOT NULL,
    added_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The SHA-256 of the artifact (zip or kar) a version was fetched as from a Maven repository; null for an upload.
ALTER TABLE module_versions ADD COLUMN artifact_sha256 TEXT;
