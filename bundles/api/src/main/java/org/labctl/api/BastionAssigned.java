package org.labctl.api;

/**
 * Answer of {@code POST /api/v1/bastions/ENV/assignments}: what labd did before a bastion assigned a
 * machine, so that the bastion's log says only what happened.
 *
 * @param deleted       the server of the environment that was deleted (its agent certificate revoked), or null
 * @param tokensRevoked how many of the machine's kickstart tokens, never used, were revoked
 */
public record BastionAssigned(String deleted, int tokensRevoked) {
}
