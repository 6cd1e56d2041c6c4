package org.labctl.api;

/**
 * Body of {@code POST /api/v1/bastions/ENV/tokens}, which a standalone bastion registered with labd
 * sends when a machine fetches its kickstart: labd answers with a one-time join token bound to
 * {@code mac} and to {@code address}, placing the server in ENV with label {@code role}.
 *
 * @param mac      the machine's MAC address
 * @param address  the IP address (or CIDR block) labd must see the machine's enrollment come from
 * @param hostname the server name it will enroll under
 * @param role     worker or infra
 */
public record BastionTokenRequest(String mac, String address, String hostname, String role) {

    public BastionTokenRequest {
        Limits.text("mac", mac, Limits.MAX_NAME_LENGTH);
        Limits.text("address", address, Limits.MAX_NAME_LENGTH);
        Limits.text("hostname", hostname, Limits.MAX_NAME_LENGTH);
        Limits.text("role", role, Limits.MAX_NAME_LENGTH);
    }
}
