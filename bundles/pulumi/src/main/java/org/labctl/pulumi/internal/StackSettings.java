package org.labctl.pulumi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** A stack's settings file ({@code Pulumi.STACK.yaml}): its encryption salt and its config. */
final class StackSettings {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private StackSettings() {
    }

    /** A config key as the engine stores it: {@code greeting} in project {@code web} is {@code web:greeting}. */
    static String qualified(String project, String key) {
        return key.contains(":") ? key : project + ":" + key;
    }

    /**
     * {@code settings} with the plain values of {@code config} set (keys qualified with the project); with
     * {@code replace}, the config is {@code config}'s alone (the secrets are set again after).
     */
    static String with(String settings, String project, Map<String, String> config, boolean replace) {
        if (!replace && (config == null || config.isEmpty())) {
            return settings;
        }
        ObjectNode root = parse(settings);
        JsonNode existing = root.get("config");
        ObjectNode values = existing instanceof ObjectNode object && !replace ? object : root.putObject("config");
        if (config == null) {
            return write(root);
        }
        config.forEach((key, value) -> values.put(qualified(project, key), value));
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config as a user may see it: secret values as {@value EngineOutput#SECRET}. */
    static Map<String, String> shown(String settings) {
        Map<String, String> shown = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parse(settings).path("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            shown.put(entry.getKey(), value.isObject() && value.has("secure") ? EngineOutput.SECRET
                    : value.isValueNode() ? value.asText() : value.toString());
        }
        return shown;
    }

    private static ObjectNode parse(String settings) {
        try {
            JsonNode node = settings == null || settings.isBlank() ? null : YAML.readTree(settings);
            return node instanceof ObjectNode object ? object : YAML.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("the stack's settings cannot be read", e);
        }
    }
}
