package org.labctl.api.session;

import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Who this agent is to labd, for the bundles of the agent's runtime that call labd's REST API
 * themselves (the modules handler fetches its desired modules and their files): registered as an OSGi
 * service by the agent's core once the agent is enrolled. Calls made through it present the agent's
 * certificate (mutual TLS), as the agent's own connection does, so labd sees the server, and trust
 * labd's CA only.
 *
 * <p>The agent renews its certificate before it expires ({@code agent.crt} is replaced); each call
 * to {@link #tls()} or {@link #http()} after a renewal answers with the new certificate. Keep the
 * service, not what it returns: ask again for each exchange with labd.
 */
@ProviderType
public interface AgentIdentity {

    /** labd's base URL as the agent enrolled with it, such as {@code https://labd.example.net:8443}. */
    URI server();

    /** The id labd gave this server when it enrolled (a UUID). */
    String serverId();

    /** The server's name, as labd knows it. */
    String serverName();

    /** A TLS context presenting the agent's current certificate and key and trusting only labd's CA. */
    SSLContext tls();

    /**
     * An HTTP/1.1 client over {@link #tls()} (host names checked against labd's certificate, a connect
     * timeout of some seconds): the same client until the certificate changes. Requests go to
     * {@link #server()}{@code .resolve("/api/v1/...")}; set each request's own timeout.
     */
    HttpClient http();
}
