-- RBAC's tables: roles, their permissions and their bindings to users (ca's table, hence this schema
-- comes after ca's), with the built-in roles, as labd's single schema history (table schema_history)
-- left them at its version 5, when each bundle began to own its tables. On a database made by that
-- history this migration is recorded as the baseline and not run. Released migrations are never
-- edited: add V<n+1>__<what>.sql instead.

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

-- Built-in roles: admin may do everything, viewer may read everything. They cannot be deleted; labd
-- binds the user admin to the role admin when it creates that user on first start.
INSERT INTO roles (name, description, builtin, created_by)
VALUES ('admin', 'everything, everywhere', true, 'labd'),
       ('viewer', 'read everything', true, 'labd');

INSERT INTO permissions (role_id, effect, action, cloud, environment, name)
SELECT id, 'allow', '*', '*', '*', '*' FROM roles WHERE name = 'admin';

INSERT INTO permissions (role_id, effect, action, cloud, environment, name)
SELECT id, 'allow', 'read', '*', '*', '*' FROM roles WHERE name = 'viewer';

-- an admin user that exists already keeps being admin
INSERT INTO role_bindings (role_id, user_id, created_by)
SELECT r.id, u.id, 'labd' FROM roles r, users u WHERE r.name = 'admin' AND u.name = 'admin';
