package org.labctl.cli;

import java.net.URI;
import java.nio.file.Path;

/**
 * A resolved labctl config: where labd is and how to authenticate to it.
 *
 * @param source the file it was read from
 * @param server labd's base URL, without a trailing slash
 * @param user   the user name the certificate was issued to, if given
 * @param ca     PEM of the CA that issued labd's certificate, if given
 * @param cert   PEM of the client certificate, if given
 * @param key    PEM of the client's private key, if given; never printed
 */
public record ClientConfig(Path source, URI server, String user, String ca, String cert, String key) {

    /** Shown in place of the private key. */
    public static final String REDACTED = "REDACTED";

    /** The URL of an API path such as {@code /api/v1/health}. */
    public URI resolve(String apiPath) {
        return URI.create(server + apiPath);
    }

    /** Never shows the key, so that a stray log or error line cannot leak it. */
    @Override
    public String toString() {
        return "ClientConfig[source=" + source + ", server=" + server + ", user=" + user
                + ", ca=" + (ca == null ? null : "PEM") + ", cert=" + (cert == null ? null : "PEM")
                + ", key=" + (key == null ? null : REDACTED) + "]";
    }
}
