package org.labctl.apps.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.pulumi.Config;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The checks of an app's description in its jar (META-INF/labctl/app.yaml and values.yaml) against itself and the
 * app's code, for each app's {@code AppFormatTest}: the test passes what is the app's own (its name and version, its
 * inputs, secrets and defaults), these assert. Each reads the files from the class path, where the app under test's
 * own are the only ones.
 */
public final class AppFormat {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppFormat() {
    }

    /** META-INF/labctl/{@code name} of the app on the class path (there must be exactly one). */
    public static JsonNode read(String name) throws IOException {
        var resource = "META-INF/labctl/" + name;
        List<URL> found = Collections.list(AppFormat.class.getClassLoader().getResources(resource));
        if (found.size() != 1) {
            fail(found.isEmpty() ? resource + " is not on the class path"
                    : resource + " is on the class path more than once: " + found);
        }
        try (var in = found.get(0).openStream()) {
            return YAML.readTree(in);
        }
    }

    /** The field names of {@code object}, sorted. */
    public static Set<String> names(JsonNode object) {
        var names = new TreeSet<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** app.yaml names the app {@code name} (the code's) at {@code version}, has a one-line description and nothing else. */
    public static void assertAppYamlNames(String name, String version) throws IOException {
        var app = read("app.yaml");

        assertEquals(name, app.path("name").asText());
        assertTrue(app.path("name").asText().matches("[a-z0-9-]+"), app.path("name").asText());
        assertEquals(version, app.path("version").asText());
        var description = app.path("description").asText();
        assertFalse(description.isBlank() || description.contains("\n"), "description: " + description);
        assertEquals(Set.of("name", "version", "description", "inputs", "permissions"), names(app));
    }

    /**
     * app.yaml's inputs are a closed object schema with exactly {@code properties}, of which exactly {@code secrets} are
     * marked secret and {@code required} (in this order) required.
     */
    public static void assertAppYamlInputs(Set<String> properties, Set<String> secrets, List<String> required)
            throws IOException {
        var inputs = read("app.yaml").path("inputs");

        assertEquals("object", inputs.path("type").asText());
        assertFalse(inputs.path("additionalProperties").asBoolean(true));
        assertEquals(properties, names(inputs.path("properties")));
        var marked = new TreeSet<String>();
        inputs.path("properties").properties().forEach(p -> {
            if (p.getValue().path("secret").asBoolean(false)) {
                marked.add(p.getKey());
            }
        });
        assertEquals(secrets, marked);
        var requiredInputs = new ArrayList<String>();
        inputs.path("required").forEach(r -> requiredInputs.add(r.asText()));
        assertEquals(required, requiredInputs);
    }

    /** app.yaml asks for one permission: kubectl on the cluster the app is installed on. */
    public static void assertAppYamlAsksForKubectlOnTheCluster() throws IOException {
        var permissions = read("app.yaml").path("permissions");

        assertEquals(1, permissions.size());
        assertEquals("kubectl", permissions.path(0).path("action").asText());
        assertEquals("cluster", permissions.path(0).path("kind").asText());
        assertTrue(permissions.path(0).path("name").isMissingNode());
    }

    /**
     * values.yaml has defaults for inputs of app.yaml only, none for a secret, and for every input but exactly
     * {@code withoutDefault}.
     */
    public static void assertValuesYamlHasADefaultForEveryInputBut(Set<String> withoutDefault) throws IOException {
        var values = read("values.yaml");
        var properties = read("app.yaml").path("inputs").path("properties");

        assertTrue(properties.isObject());
        for (var key : names(values)) {
            assertTrue(properties.has(key), key + " in values.yaml is no input of app.yaml");
            assertFalse(properties.path(key).path("secret").asBoolean(false), key + " is a secret with a default");
        }
        var missing = names(properties);
        missing.removeAll(names(values));
        assertEquals(withoutDefault, missing);
    }

    /**
     * The code's defaults are those of values.yaml: the values the app reads with {@code from} from the config of a run
     * of the project {@code project} for the release {@code release} are {@code expected} both with values.yaml's
     * values set as labd sets them and with no values set at all.
     */
    public static <V> void assertTheCodesDefaultsAreThoseOfValuesYaml(String project, String release,
            Function<Config, V> from, V expected) throws IOException {
        try {
            var fromValuesYaml = new MockedRun(project, release);
            for (var value : read("values.yaml").properties()) {
                fromValuesYaml.value(value.getKey(), asConfig(value.getValue()));
            }
            assertEquals(expected, read(fromValuesYaml, from), "the values from values.yaml");
            MockedRun.cleanup();
            assertEquals(expected, read(new MockedRun(project, release), from), "the values with no config");
        } finally {
            MockedRun.cleanup();
        }
    }

    /** A value as labd sets it in config: strings as they are, numbers and booleans as text, the rest as JSON. */
    private static String asConfig(JsonNode value) throws IOException {
        return value.isContainerNode() ? JSON.writeValueAsString(value) : value.asText();
    }

    private static <V> V read(MockedRun run, Function<Config, V> from) {
        var values = new AtomicReference<V>();
        run.runOk(ctx -> values.set(from.apply(ctx.config())));
        return values.get();
    }
}
