package org.labctl.api;

/**
 * Body of {@code POST /api/v1/enroll}, the one request labd takes without a client certificate:
 * the join token stands in for it. The agent made its key itself; only the CSR travels.
 *
 * @param token    the join token as printed by {@code labctl create token}
 * @param csr      PKCS#10 certificate signing request in PEM
 * @param name     the server name to enroll under (DNS-label-like); null for the host name
 * @param hostname the machine's host name
 * @param mac      the MAC address of the machine's primary interface, or null
 */
public record EnrollRequest(String token, String csr, String name, String hostname, String mac) {

    public EnrollRequest {
        Limits.text("token", token, Limits.MAX_TOKEN_LENGTH);
        Limits.text("csr", csr, Limits.MAX_CSR_LENGTH);
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.text("hostname", hostname, Limits.MAX_NAME_LENGTH);
        Limits.text("mac", mac, Limits.MAX_NAME_LENGTH);
    }
}
