-- rbac reads and writes only its own tables from here on. A binding names its user, as the API does,
-- instead of joining ca's users table by id: the foreign key to users (name) keeps bindings to
-- existing users only and goes with a deleted user. ca tells rbac when it creates or deletes a user
-- (core's UserUse), so that "the last admin cannot go" and "user admin holds role admin" are rbac's
-- rules alone. The copy below is the one time rbac reads ca's table (its schema comes after ca's).
ALTER TABLE role_bindings ADD COLUMN user_name TEXT;
UPDATE role_bindings b SET user_name = (SELECT u.name FROM users u WHERE u.id = b.user_id);
DELETE FROM role_bindings WHERE user_name IS NULL;
ALTER TABLE role_bindings ALTER COLUMN user_name SET NOT NULL;
ALTER TABLE role_bindings DROP COLUMN user_id;
ALTER TABLE role_bindings ADD CONSTRAINT role_bindings_user_name_fkey FOREIGN KEY (user_name) REFERENCES users (name)
    ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE role_bindings ADD CONSTRAINT role_bindings_role_user UNIQUE (role_id, user_name);
CREATE INDEX role_bindings_user_name ON role_bindings (user_name);
