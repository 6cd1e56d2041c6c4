-- The version an agent reports in its heartbeats, kept with its server by core: exec records
-- heartbeats through core's Inventory instead of writing this table, and core no longer joins exec's
-- agents or ca's certificates to show a server. Filled by each agent's next heartbeat (every 10 s).
ALTER TABLE servers ADD COLUMN agent_version TEXT;
