package org.labctl.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.labctl.api.ServerInfo;
import org.labctl.cli.Mappers;

/** How servers, their labels and facts read in tables and in {@code describe}. */
final class ServerText {

    private ServerText() {
    }

    /** What tables show for no environment, as permissions address it. */
    static final String NO_ENVIRONMENT = "-";

    /** {@code baremetal/lab}, or {@code baremetal/-} when the server is in no environment. */
    static String placement(ServerInfo server) {
        return placement(server.cloud(), server.environment());
    }

    /** {@code cloud/environment}, with {@code -} for no environment. */
    static String placement(String cloud, String environment) {
        return (cloud == null ? "?" : cloud) + "/" + environment(environment);
    }

    /** The environment, or {@code -} for none. */
    static String environment(String environment) {
        return environment == null || environment.isBlank() ? NO_ENVIRONMENT : environment;
    }

    /** {@code os=debian,rack=r1}, sorted by key, or {@code <none>}. */
    static String labels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return UserText.NONE;
        }
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(labels).forEach((key, value) -> pairs.add(key + "=" + value));
        return String.join(",", pairs);
    }

    /**
     * The facts as sorted {@code key: value} lines: nested objects become dotted keys
     * ({@code os.name}), lists are joined by {@code ", "}.
     */
    static Map<String, String> facts(Map<String, Object> facts) {
        Map<String, String> lines = new TreeMap<>();
        flatten("", facts == null ? Map.of() : facts, lines);
        return lines;
    }

    private static void flatten(String prefix, Map<?, ?> facts, Map<String, String> into) {
        facts.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(name + ".", nested, into);
            } else {
                into.put(name, value(value));
            }
        });
    }

    private static String value(Object value) {
        if (value == null) {
            return UserText.NONE;
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(item instanceof Map<?, ?> || item instanceof List<?> ? json(item) : value(item)));
            return items.isEmpty() ? UserText.NONE : String.join(", ", items);
        }
        if (value instanceof Map<?, ?>) {
            return json(value);
        }
        return String.valueOf(value);
    }

    private static String json(Object value) {
        try {
            return Mappers.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
