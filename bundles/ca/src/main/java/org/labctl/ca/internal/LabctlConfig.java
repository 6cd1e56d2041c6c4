package org.labctl.ca.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import org.osgi.service.cm.ConfigurationAdmin;

/** A user's labctl config as labd writes it (the admin's on first start, a user made in the operator shell). */
public final class LabctlConfig {

    private LabctlConfig() {
    }

    /** {@code https://127.0.0.1:<labd's HTTPS port>}, the address labd serves on this host. */
    public static String server(ConfigurationAdmin configurations) {
        try {
            Dictionary<String, Object> properties = configurations.getConfiguration("org.ops4j.pax.web", "?").getProperties();
            Object port = properties == null ? null : properties.get("org.osgi.service.http.port.secure");
            return "https://127.0.0.1:" + (port == null ? "8443" : port.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read labd's HTTPS port: " + e.getMessage(), e);
        }
    }

    /** The config: comment lines, then server, user, CA, certificate and private key (PEM). */
    static String yaml(String comment, String server, String user, String caPem, String certificatePem, String keyPem) {
        StringBuilder yaml = new StringBuilder();
        comment.lines().forEach(line -> yaml.append("# ").append(line).append('\n'));
        return yaml.append("server: ").append(server).append('\n')
                .append("user: ").append(user).append('\n')
                .append("ca: |\n").append(indent(caPem))
                .append("cert: |\n").append(indent(certificatePem))
                .append("key: |\n").append(indent(keyPem)).toString();
    }

    static String indent(String pem) {
        StringBuilder out = new StringBuilder();
        pem.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
