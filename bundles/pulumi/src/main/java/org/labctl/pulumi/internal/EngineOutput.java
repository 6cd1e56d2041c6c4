package org.labctl.pulumi.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What labd reads of the engine's work: its event log (the summary, the errors), its output lines, its checkpoint. */
final class EngineOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The engine's mark of a secret value in a checkpoint (sdk/go/common/resource/sig). */
    private static final String SECRET_SIG = "4dabf18193072939515e22adb298388d";
    static final String SECRET = "[secret]";

    private EngineOutput() {
    }

    /** What the event log says of a run: the changes by operation, whether the engine called it a success, its errors. */
    record Summary(Map<String, Integer> changes, String result, List<String> errors) {
    }

    static Summary summary(Path eventLog) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        String result = null;
        List<String> errors = new ArrayList<>();
        if (!Files.isRegularFile(eventLog)) {
            return new Summary(changes, null, errors);
        }
        try (BufferedReader reader = Files.newBufferedReader(eventLog, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException e) {
                    continue; // a line cut short by a killed engine
                }
                JsonNode summary = event.get("summaryEvent");
                if (summary != null) {
                    changes.clear();
                    for (Iterator<Map.Entry<String, JsonNode>> it = summary.path("resourceChanges").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> change = it.next();
                        changes.put(change.getKey(), change.getValue().asInt());
                    }
                    result = summary.path("result").asText(null);
                }
                JsonNode diagnostic = event.get("diagnosticEvent");
                if (diagnostic != null && "error".equals(diagnostic.path("severity").asText())) {
                    String message = diagnostic.path("message").asText("").strip();
                    if (!message.isEmpty() && !errors.contains(message)) {
                        errors.add(message);
                    }
                }
            }
        } catch (IOException e) {
            errors.add("the engine's event log could not be read: " + e.getMessage());
        }
        return new Summary(changes, result, errors);
    }

    /** Whether a line of the engine's output is worth keeping: not a progress tick, nor the language host's noise. */
    static boolean keep(String line) {
        return !line.startsWith("@ ") && !line.contains("unable to start debugging");
    }

    /** The stack's outputs in a checkpoint, each secret shown as {@value #SECRET}. */
    static Map<String, Object> outputs(String checkpoint) {
        Map<String, Object> outputs = new LinkedHashMap<>();
        if (checkpoint == null) {
            return outputs;
        }
        try {
            JsonNode resources = JSON.readTree(checkpoint).path("checkpoint").path("latest").path("resources");
            for (JsonNode resource : resources) {
                if ("pulumi:pulumi:Stack".equals(resource.path("type").asText())) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = resource.path("outputs").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> output = it.next();
                        outputs.put(output.getKey(), JSON.convertValue(masked(output.getValue()), Object.class));
                    }
                }
            }
        } catch (IOException e) {
            outputs.put("error", "the stack's checkpoint could not be read");
        }
        return outputs;
    }

    /** The number of resources a checkpoint holds, the stack itself and providers included. */
    static int resources(String checkpoint) {
        try {
            return JSON.readTree(checkpoint).path("checkpoint").path("latest").path("resources").size();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static JsonNode masked(JsonNode value) {
        if (value.isObject() && value.has(SECRET_SIG)) {
            return JSON.getNodeFactory().textNode(SECRET);
        }
        if (value.isObject()) {
            var copy = JSON.createObjectNode();
            value.fields().forEachRemaining(field -> copy.set(field.getKey(), masked(field.getValue())));
            return copy;
        }
        if (value.isArray()) {
            var copy = JSON.createArrayNode();
            value.forEach(item -> copy.add(masked(item)));
            return copy;
        }
        return value;
    }
}
