package org.labctl.ca;

/** What a certificate identifies; it decides the SAN URI and the default lifetime. */
public enum CertificateKind {
    /** labd's own TLS server certificate. */
    SERVER,
    /** A person using labctl: SAN URI {@code labctl://user/<name>}. */
    USER,
    /** A lab-agent: SAN URI {@code labctl://server/<id>}. */
    AGENT
}
