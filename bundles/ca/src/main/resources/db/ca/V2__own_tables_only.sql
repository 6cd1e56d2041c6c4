-- ca reads and writes only its own tables from here on.
-- Join tokens name the cloud and environment they admit into, as core's API does (clouds and
-- environments are never renamed), instead of pointing at core's rows: core asks ca (PlacementUse)
-- before it deletes a cloud or an environment, which keeps them consistent. The copy below is the one
-- time ca reads core's tables (its schema comes after core's).
ALTER TABLE join_tokens ADD COLUMN cloud TEXT;
ALTER TABLE join_tokens ADD COLUMN environment TEXT;
UPDATE join_tokens t SET cloud = (SELECT c.name FROM clouds c WHERE c.id = t.cloud_id),
                         environment = (SELECT e.name FROM environments e WHERE e.id = t.environment_id);
ALTER TABLE join_tokens DROP COLUMN cloud_id;
ALTER TABLE join_tokens DROP COLUMN environment_id;
CREATE INDEX join_tokens_place ON join_tokens (cloud, environment);
