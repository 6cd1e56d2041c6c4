-- exec writes only its own tables from here on: an agent's row is made at its first heartbeat (not
-- by ca's enrollment), and the agent's current certificate is ca's to say (ca's certificates
-- table), so agents no longer keep its serial.
ALTER TABLE agents DROP COLUMN certificate_serial;
