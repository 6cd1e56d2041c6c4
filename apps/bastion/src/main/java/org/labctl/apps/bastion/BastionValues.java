package org.labctl.apps.bastion;

import com.pulumi.Config;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bastion app's inputs but its secret, read from the program's config (labd sets one key for each value of the
 * release; the defaults here are those of values.yaml).
 *
 * @param namespace the namespace the pod runs in
 * @param createNamespace whether the program creates the namespace
 * @param image the bastion's container image
 * @param port the SSH port the bastion listens on, on the node's network
 * @param nodeName the node the pod runs on, if pinned
 * @param labdUrl the URL the bastion reaches labd at
 * @param skipAwait whether every object carries {@code pulumi.com/skipAwait: "true"}
 */
record BastionValues(String namespace, boolean createNamespace, String image, int port, Optional<String> nodeName,
        String labdUrl, boolean skipAwait) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    BastionValues {
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a Kubernetes namespace name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 1 to 65535");
        }
    }

    static BastionValues from(Config config) {
        return new BastionValues(
                config.get("namespace").orElse("labd"),
                config.getBoolean("createNamespace").orElse(true),
                config.get("image").orElse("ghcr.io/labctl/bastion:0.1.0"),
                config.getInteger("port").orElse(3022),
                config.get("nodeName").filter(node -> !node.isEmpty()),
                config.get("labdUrl").orElse("https://labd.labd.svc:8443"),
                config.getBoolean("skipAwait").orElse(false));
    }
}
