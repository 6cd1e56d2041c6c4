package org.labctl.ca;

import javax.net.ssl.SSLContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This labd instance's identity towards the other instances of the same fleet: a short-lived
 * client certificate from labd's CA naming {@code labctl://labd/<instance id>}, with its key only
 * in memory. Another instance admits it on the exec relay alone (an exec session whose agent is
 * connected there), never on the REST API.
 */
@ProviderType
public interface PeerIdentity {

    /**
     * A TLS context presenting the peer certificate (issued again when half its lifetime has
     * passed) and trusting labd's CA.
     */
    SSLContext clientTls();
}
