package org.labctl.api;

/**
 * Body of {@code POST /api/v1/users}. The key pair is made by the client; only the CSR travels.
 *
 * @param name        user name: lower case letters, digits, '.', '_' and '-', starting with a letter, at most 63
 * @param csr         PKCS#10 certificate signing request in PEM
 * @param ttlSeconds  lifetime of the certificate, or 0 for labd's default
 * @param description free text, or null
 */
public record CreateUserRequest(String name, String csr, long ttlSeconds, String description) {

    public CreateUserRequest {
        Limits.text("name", name, Limits.MAX_NAME_LENGTH);
        Limits.text("csr", csr, Limits.MAX_CSR_LENGTH);
        Limits.text("description", description, Limits.MAX_DESCRIPTION_LENGTH);
    }
}
