-- A join token may be bound to the network address its enrollment must come from: an IP address or a
-- CIDR block, compared with the address labd sees the enrollment's connection come from. A bastion
-- binds each kickstart's token to the address it served the kickstart to.
ALTER TABLE join_tokens ADD COLUMN address TEXT;
