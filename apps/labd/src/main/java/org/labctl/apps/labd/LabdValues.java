package org.labctl.apps.labd;

import com.pulumi.Config;
import com.pulumi.core.TypeShape;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The labd app's inputs but its secrets, read from the program's config (labd sets one key for each value of the
 * release; the defaults here are those of values.yaml, so the program also runs with no config but the secrets).
 *
 * @param namespace the namespace labd runs in
 * @param createNamespace whether the program creates the namespace
 * @param image labd's container image
 * @param replicas how many pods run
 * @param port the HTTPS port labd listens on, the Service's port
 * @param databaseUrl the JDBC URL of labd's database
 * @param cpu the CPU of each pod (requests = limits)
 * @param memory the memory of each pod (requests = limits)
 * @param skipAwait whether every object carries {@code pulumi.com/skipAwait: "true"}
 */
record LabdValues(String namespace, boolean createNamespace, String image, int replicas, int port, String databaseUrl,
        String cpu, String memory, boolean skipAwait) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    LabdValues {
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a Kubernetes namespace name");
        }
        if (replicas < 1 || replicas > 20) {
            throw new IllegalArgumentException("replicas " + replicas + " is out of range: use 1 to 20");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 1 to 65535");
        }
    }

    static LabdValues from(Config config) {
        Map<String, String> resources = config.getObject("resources", TypeShape.map(String.class, String.class))
                .orElse(Map.of());
        return new LabdValues(
                config.get("namespace").orElse("labd"),
                config.getBoolean("createNamespace").orElse(true),
                config.get("image").orElse("ghcr.io/labctl/labd:0.1.0"),
                config.getInteger("replicas").orElse(1),
                config.getInteger("port").orElse(8443),
                config.get("databaseUrl").orElse("jdbc:postgresql://postgres:5432/labd"),
                resources.getOrDefault("cpu", "500m"),
                resources.getOrDefault("memory", "768Mi"),
                config.getBoolean("skipAwait").orElse(false));
    }
}
