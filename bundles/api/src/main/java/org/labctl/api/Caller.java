package org.labctl.api;

/**
 * Who made a request, as proven by the client certificate: a person (SAN URI
 * {@code labctl://user/<name>}), an agent ({@code labctl://server/<id>}), or another labd instance
 * relaying an exec session ({@code labctl://labd/<instance id>}). labd's client
 * certificate filter puts it on every authenticated request under {@link #ATTRIBUTE}.
 *
 * @param kind   a person, an agent or a labd instance
 * @param name   the user name, the server id of an agent, or the instance id of a labd
 * @param serial the certificate's serial number (hex)
 */
public record Caller(Kind kind, String name, String serial) {

    /** The servlet request attribute holding the caller. */
    public static final String ATTRIBUTE = "org.labctl.caller";

    /** What a certificate identifies. */
    public enum Kind { USER, AGENT, LABD }

    /**
     * The caller of a request, from its {@link #ATTRIBUTE}.
     *
     * @throws Unauthenticated when the request carries none (no client certificate)
     */
    public static Caller of(Object attribute) {
        if (attribute instanceof Caller caller) {
            return caller;
        }
        throw new Unauthenticated("a client certificate from labd's CA is required");
    }
}
