package org.labctl.api;

/**
 * Body of {@code POST /api/v1/agent/renew}: an agent asks, over its current certificate, for a new
 * one for the same key.
 *
 * @param csr a PKCS#10 request in PEM, signed with the agent's key
 */
public record RenewRequest(String csr) {

    public RenewRequest {
        Limits.text("csr", csr, Limits.MAX_CSR_LENGTH);
    }
}
