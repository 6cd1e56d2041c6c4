package org.labctl.api;

/**
 * A bastion labd runs: {@code GET /api/v1/bastions}.
 *
 * @param cloud       always {@code baremetal}
 * @param environment the environment it owns
 * @param url         its HTTP endpoint as machines reach it
 * @param dhcp        off, proxy or full
 * @param tftp        where its TFTP server listens, or null when it does not
 * @param machines    how many machines it knows
 */
public record BastionInfo(String cloud, String environment, String url, String dhcp, String tftp, int machines) {
}
