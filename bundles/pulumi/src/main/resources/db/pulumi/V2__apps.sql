-- Apps (issue 19): packaged Pulumi programs (a jar carrying META-INF/labctl/app.yaml and values.yaml) published to
-- labd's catalog, and their releases: an app installed in an environment is the stack of the release's name, and every
-- install, upgrade, rollback and uninstall is a revision of it, with the values it ran with and the run that applied it.

CREATE TABLE pulumi_apps (
    name         TEXT NOT NULL,
    version      TEXT NOT NULL,
    description  TEXT,
    -- the jar (pulumi_programs): a version is published once, with one program
    program      TEXT NOT NULL REFERENCES pulumi_programs (sha256),
    -- app.yaml as JSON: inputs (a JSON Schema), permissions
    manifest     TEXT NOT NULL,
    -- values.yaml as JSON
    defaults     TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);

CREATE TABLE pulumi_app_revisions (
    cloud          TEXT NOT NULL,
    environment    TEXT NOT NULL,
    -- the release: the app's stack
    name           TEXT NOT NULL,
    revision       INT NOT NULL CHECK (revision > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('install', 'upgrade', 'rollback', 'uninstall')),
    app            TEXT NOT NULL,
    app_version    TEXT NOT NULL,
    -- the values the user gave (merged over the revisions before), without the secret ones
    given          TEXT NOT NULL,
    -- the values the program ran with (defaults under given), without the secret ones
    effective      TEXT NOT NULL,
    -- the secret values, as one JSON object sealed with labd's master key (bound to the revision's address)
    secrets_nonce  BYTEA,
    secrets_sealed BYTEA,
    cluster        TEXT,
    rollback_of    INT,
    run_id         TEXT NOT NULL REFERENCES pulumi_runs (id),
    user_name      TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (cloud, environment, name, revision),
    FOREIGN KEY (app, app_version) REFERENCES pulumi_apps (name, version)
);
