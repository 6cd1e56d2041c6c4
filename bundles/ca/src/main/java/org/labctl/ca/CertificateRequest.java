package org.labctl.ca;

import java.time.Duration;
import java.util.List;

/**
 * What the CA is asked to certify. The subject and the names come from labd, never from the CSR:
 * a CSR only contributes its public key (and proves possession of the private key).
 *
 * @param kind       what the certificate identifies
 * @param commonName the subject CN (user name, server name, or {@code labd})
 * @param uris       SAN URIs such as {@code labctl://user/alice}
 * @param dnsNames   SAN DNS names (server certificates)
 * @param ipAddresses SAN IP addresses (server certificates)
 * @param lifetime   how long the certificate is valid
 */
public record CertificateRequest(CertificateKind kind, String commonName, List<String> uris, List<String> dnsNames,
                                 List<String> ipAddresses, Duration lifetime) {

    public CertificateRequest {
        uris = List.copyOf(uris);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }
}
