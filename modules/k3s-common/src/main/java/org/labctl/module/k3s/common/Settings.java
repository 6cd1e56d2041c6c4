package org.labctl.module.k3s.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labctl.api.InvalidArgument;
import org.labctl.api.module.ModuleContext;

/**
 * A k3s module's parameters (module.yaml has their schema, labd has checked them against it) as the flow needs them.
 *
 * @param config  k3s's config.yaml entries, in the order written
 * @param secrets values never to be logged (the token)
 */
public record Settings(String installer, String installerSha256, String binary, String binarySha256, String version,
                       Path binDir, Path configFile, String serviceManager, Duration timeout, Duration healthTimeout,
                       String nodeName, Map<String, Object> config, List<String> secrets) {

    /** k3s's own configuration file, which it reads without being told. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/rancher/k3s/config.yaml");

    /**
     * The settings the parameters give.
     *
     * @param roleConfig the config.yaml entries only this role has (a server's {@code tls-san}, an agent's
     *                   {@code server}), after node name and labels and before {@code extraConfig}
     * @param secrets    values of {@code roleConfig} never to be logged
     * @throws InvalidArgument when the parameters contradict each other (a binary without its digest, an
     *                         {@code extraConfig} key the module writes itself)
     */
    public static Settings of(Map<String, Object> parameters, ModuleContext context, Map<String, Object> roleConfig,
                              List<String> secrets) {
        String binary = text(parameters, "binary");
        String binarySha256 = text(parameters, "binarySha256");
        if (binary != null && binarySha256 == null || binary == null && binarySha256 != null) {
            throw new InvalidArgument("binary and binarySha256 go together: the k3s binary to install and the SHA-256 it must have");
        }
        String version = text(parameters, "version");
        if (binary != null && version != null) {
            throw new InvalidArgument("version and binary exclude each other: the installer downloads version, or installs binary");
        }
        String nodeName = text(parameters, "nodeName");
        nodeName = nodeName == null ? context.serverName() : nodeName;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("node-name", nodeName);
        List<String> labels = new ArrayList<>();
        new TreeMap<>(map(parameters, "nodeLabels")).forEach((key, value) -> labels.add(key + "=" + value));
        config.put("node-label", labels);
        config.putAll(roleConfig);
        map(parameters, "extraConfig").forEach((key, value) -> {
            if (config.containsKey(key)) {
                throw new InvalidArgument("extraConfig." + key + ": the module writes " + key + " itself from its own parameter");
            }
            config.put(key, value);
        });
        return new Settings((String) parameters.get("installer"), (String) parameters.get("installerSha256"), binary,
                binarySha256, version, Path.of((String) parameters.get("binDir")), Path.of((String) parameters.get("configFile")),
                (String) parameters.get("serviceManager"), seconds(parameters, "timeoutSeconds"),
                seconds(parameters, "healthTimeoutSeconds"), nodeName, config, List.copyOf(secrets));
    }

    /** What was installed, as the state remembers it: another one means running the installer again. */
    String fingerprint() {
        return installerSha256 + "/" + (binarySha256 == null ? "-" : binarySha256) + "/" + (version == null ? "-" : version)
                + "/" + binDir;
    }

    private static String text(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parameters, String name) {
        Object value = parameters.get(name);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static Duration seconds(Map<String, Object> parameters, String name) {
        return Duration.ofSeconds(((Number) parameters.get(name)).longValue());
    }
}
