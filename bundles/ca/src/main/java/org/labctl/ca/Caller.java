package org.labctl.ca;

/**
 * Who made a request, as proven by the client certificate: a person (SAN URI
 * {@code labctl://user/<name>}) or an agent ({@code labctl://server/<id>}). The client certificate
 * filter puts it on every authenticated request under {@link #ATTRIBUTE}.
 *
 * @param kind   {@link CertificateKind#USER} or {@link CertificateKind#AGENT}
 * @param name   the user name, or the server id of an agent
 * @param serial the certificate's serial number (hex)
 */
public record Caller(CertificateKind kind, String name, String serial) {

    /** The servlet request attribute holding the caller. */
    public static final String ATTRIBUTE = "org.labctl.caller";
}
