-- Who created a cloud or an environment (labctl describe cloud|environment). Null for baremetal and
-- for those created before this version.
ALTER TABLE clouds ADD COLUMN created_by TEXT;
ALTER TABLE environments ADD COLUMN created_by TEXT;
