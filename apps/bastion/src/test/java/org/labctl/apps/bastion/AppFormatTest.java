package org.labctl.apps.bastion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The app's description in the jar (META-INF/labctl/app.yaml and values.yaml) agrees with itself and with the code. */
class AppFormatTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void cleanup() {
        MockedRun.cleanup();
    }

    private static JsonNode read(String name) throws IOException {
        try (var in = AppFormatTest.class.getResourceAsStream("/META-INF/labctl/" + name)) {
            assertNotNull(in, "META-INF/labctl/" + name + " is not on the class path");
            return YAML.readTree(in);
        }
    }

    private static Set<String> names(JsonNode object) {
        var names = new TreeSet<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void appYamlNamesTheAppAndVersionOfTheCode() throws IOException {
        var app = read("app.yaml");

        assertEquals(BastionApp.NAME, app.path("name").asText());
        assertTrue(app.path("name").asText().matches("[a-z0-9-]+"), app.path("name").asText());
        assertEquals(BastionApp.VERSION, app.path("version").asText());
        var description = app.path("description").asText();
        assertFalse(description.isBlank() || description.contains("\n"), "description: " + description);
        assertEquals(Set.of("name", "version", "description", "inputs", "permissions"), names(app));
    }

    @Test
    void appYamlInputsAreAnObjectSchemaWithTheSecretsMarked() throws IOException {
        var inputs = read("app.yaml").path("inputs");

        assertEquals("object", inputs.path("type").asText());
        assertFalse(inputs.path("additionalProperties").asBoolean(true));
        assertEquals(Set.of("namespace", "createNamespace", "image", "port", "nodeName", "labdUrl", "joinToken", "skipAwait"),
                names(inputs.path("properties")));
        var secrets = new TreeSet<String>();
        inputs.path("properties").properties().forEach(p -> {
            if (p.getValue().path("secret").asBoolean(false)) {
                secrets.add(p.getKey());
            }
        });
        assertEquals(Set.of("joinToken"), secrets);
        var required = new ArrayList<String>();
        inputs.path("required").forEach(r -> required.add(r.asText()));
        assertEquals(List.of(), required);
    }

    @Test
    void appYamlAsksForKubectlOnTheCluster() throws IOException {
        var permissions = read("app.yaml").path("permissions");

        assertEquals(1, permissions.size());
        assertEquals("kubectl", permissions.path(0).path("action").asText());
        assertEquals("cluster", permissions.path(0).path("kind").asText());
        assertTrue(permissions.path(0).path("name").isMissingNode());
    }

    @Test
    void valuesYamlHasADefaultForEveryInputButTheSecretAndTheNode() throws IOException {
        var values = read("values.yaml");
        var properties = read("app.yaml").path("inputs").path("properties");

        assertTrue(properties.isObject());
        for (var key : names(values)) {
            assertTrue(properties.has(key), key + " in values.yaml is no input of app.yaml");
            assertFalse(properties.path(key).path("secret").asBoolean(false), key + " is a secret with a default");
        }
        var withoutDefault = names(properties);
        withoutDefault.removeAll(names(values));
        assertEquals(Set.of("joinToken", "nodeName"), withoutDefault);
    }

    @Test
    void theCodesDefaultsAreThoseOfValuesYaml() throws IOException {
        var fromValuesYaml = new MockedRun("bastion", "edge");
        var valuesYaml = read("values.yaml");
        for (var value : valuesYaml.properties()) {
            fromValuesYaml.value(value.getKey(), asConfig(value.getValue()));
        }
        var expected = new BastionValues("labd", true, "ghcr.io/labctl/bastion:0.1.0", 3022, Optional.empty(),
                "https://labd.labd.svc:8443", false);

        assertEquals(expected, read(fromValuesYaml));
        MockedRun.cleanup();
        assertEquals(expected, read(new MockedRun("bastion", "edge")));
    }

    /** A value as labd sets it in config: strings as they are, numbers and booleans as text, the rest as JSON. */
    private static String asConfig(JsonNode value) throws IOException {
        return value.isContainerNode() ? JSON.writeValueAsString(value) : value.asText();
    }

    private static BastionValues read(MockedRun run) {
        var values = new AtomicReference<BastionValues>();
        run.runOk(ctx -> values.set(BastionValues.from(ctx.config())));
        return values.get();
    }
}
