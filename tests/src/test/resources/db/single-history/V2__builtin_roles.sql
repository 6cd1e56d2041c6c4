-- Built-in roles (RBAC): admin may do everything, viewer may read everything. They cannot be
-- deleted; labd binds the user admin to the role admin when it creates that user on first start.
INSERT INTO roles (name, description, builtin, created_by)
VALUES ('admin', 'everything, everywhere', true, 'labd'),
       ('viewer', 'read everything', true, 'labd');

INSERT INTO permissions (role_id, effect, action, cloud, environment, name)
SELECT id, 'allow', '*', '*', '*', '*' FROM roles WHERE name = 'admin';

INSERT INTO permissions (role_id, effect, action, cloud, environment, name)
SELECT id, 'allow', 'read', '*', '*', '*' FROM roles WHERE name = 'viewer';

-- an existing admin user (databases migrated from before roles) keeps being admin
INSERT INTO role_bindings (role_id, user_id, created_by)
SELECT r.id, u.id, 'labd' FROM roles r, users u WHERE r.name = 'admin' AND u.name = 'admin';
