package org.labctl.pulumi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.resource.ClasspathResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.labctl.api.AppInfo;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * An app's description, as its jar carries it: {@code META-INF/labctl/app.yaml} (name, version, description, the
 * inputs' JSON Schema, the permissions it needs) and {@code META-INF/labctl/values.yaml} (the defaults). Read from the
 * jar labd stores, checked before anything is kept: a schema that is no JSON Schema 2020-12 or refers outside itself,
 * a permission no user could hold, values that are no map.
 *
 * @param name        the app's name, also its Pulumi project's
 * @param version     its version
 * @param description one line, or null
 * @param inputs      the JSON Schema of its values (an object)
 * @param defaults    values.yaml
 * @param permissions what the installing user must be allowed
 */
public record AppManifest(String name, String version, String description, ObjectNode inputs, ObjectNode defaults,
                          List<AppInfo.AppPermission> permissions) {

    static final String APP_YAML = "META-INF/labctl/app.yaml";
    static final String VALUES_YAML = "META-INF/labctl/values.yaml";
    /** The largest app.yaml or values.yaml labd reads. */
    static final int MAX_FILE = 256 * 1024;
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern KIND = Pattern.compile("[a-z]{1,32}");
    private static final ObjectMapper YAML = new ObjectMapper(yaml());
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Schemas load nothing from the network: the only loader reads the meta-schemas the validator's own bundle carries
     * (its class loader: in OSGi the thread's context class loader does not see them).
     */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.resourceLoaders(loaders -> loaders.values(list -> {
                list.clear();
                list.add(new ClasspathResourceLoader(SchemaRegistry.class::getClassLoader));
            })));
    private static final Schema META = withValidatorLoader(() -> SCHEMAS.getSchema(
            SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId())));

    /**
     * Runs {@code work} with the validator's class loader as the thread's context class loader: its meta-schemas are
     * read through that (in OSGi a REST thread's context class loader is the web container's).
     */
    private static <T> T withValidatorLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SchemaRegistry.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Reads and checks the app a jar carries. */
    static AppManifest read(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry app = zip.getEntry(APP_YAML);
            if (app == null) {
                throw new InvalidArgument("the jar carries no " + APP_YAML + ": it is a Pulumi program, not an app "
                        + "(labctl apply -f runs a program; an app also describes its inputs)");
            }
            JsonNode manifest = parse(zip, app, APP_YAML);
            ZipEntry values = zip.getEntry(VALUES_YAML);
            JsonNode defaults = values == null ? JsonNodeFactory.instance.objectNode() : parse(zip, values, VALUES_YAML);
            return of(manifest, defaults);
        } catch (IOException e) {
            throw new InvalidArgument("the program is not a jar labd can read: " + e.getMessage());
        }
    }

    /** Checks app.yaml and values.yaml as parsed. */
    static AppManifest of(JsonNode manifest, JsonNode defaults) {
        if (!(manifest instanceof ObjectNode)) {
            throw new InvalidArgument(APP_YAML + " is not a map of name, version, inputs, permissions");
        }
        for (Iterator<String> keys = manifest.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!Set.of("name", "version", "description", "inputs", "permissions").contains(key)) {
                throw new InvalidArgument(APP_YAML + ": unknown key " + shorten(key) + " (name, version, description, "
                        + "inputs, permissions)");
            }
        }
        String name = text(manifest, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument(APP_YAML + ": name '" + shorten(name) + "' is not an app name: lower-case letters, "
                    + "digits and '-', at most 63");
        }
        String version = text(manifest, "version");
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new InvalidArgument(APP_YAML + ": version '" + shorten(version) + "' is not a version: letters, digits, "
                    + "'.', '+', '_' and '-', at most 64");
        }
        String description = text(manifest, "description");
        if (description != null && (description.length() > 300 || description.chars().anyMatch(Character::isISOControl))) {
            throw new InvalidArgument(APP_YAML + ": the description is one line of at most 300 characters");
        }
        JsonNode inputs = manifest.get("inputs");
        ObjectNode schema;
        if (inputs == null || inputs.isNull()) {
            schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        } else if (inputs instanceof ObjectNode object) {
            schema = object;
        } else {
            throw new InvalidArgument(APP_YAML + ": inputs is a JSON Schema (a map), not " + inputs.getNodeType());
        }
        checkSchema(schema);
        if (!(defaults instanceof ObjectNode defaultValues)) {
            throw new InvalidArgument(VALUES_YAML + " is not a map of values");
        }
        return new AppManifest(name, version, description, schema, defaultValues, permissions(manifest.get("permissions")));
    }

    /** The inputs marked {@code secret: true}: top-level values passed to the program as Pulumi secrets. */
    Set<String> secretInputs() {
        Set<String> secret = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getValue().path("secret").asBoolean(false)) {
                secret.add(property.getKey());
            }
        }
        return secret;
    }

    /** What is wrong with {@code values} by the inputs' schema, a line each; empty when they satisfy it. */
    List<String> problems(JsonNode values) {
        List<String> problems = new ArrayList<>();
        List<Error> errors;
        try {
            errors = withValidatorLoader(() -> SCHEMAS.getSchema(inputs).validate(values));
        } catch (RuntimeException e) {
            // a part of the schema that checking an empty map at publishing never reached (a '#/…' that leads nowhere)
            throw new InvalidArgument("the app's inputs schema cannot check these values: " + shorten(e.getMessage()));
        }
        for (Error error : errors) {
            String where = error.getInstanceLocation() == null ? "$" : error.getInstanceLocation().toString();
            where = where.equals("$") ? "the values" : where.startsWith("$.") ? where.substring(2) : where;
            problems.add(where + ": " + error.getMessage());
        }
        return problems;
    }

    /** app.yaml as labd keeps it (JSON). */
    String manifestJson() {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("name", name).put("version", version);
        if (description != null) {
            manifest.put("description", description);
        }
        manifest.set("inputs", inputs);
        manifest.set("permissions", JSON.valueToTree(permissions));
        return manifest.toString();
    }

    /** An app as labd keeps it: {@link #manifestJson()} and its defaults. */
    static AppManifest stored(String manifest, String defaults) {
        try {
            JsonNode node = JSON.readTree(manifest);
            List<AppInfo.AppPermission> permissions = new ArrayList<>();
            for (JsonNode p : node.path("permissions")) {
                permissions.add(new AppInfo.AppPermission(p.path("action").asText(), p.path("kind").asText(),
                        p.hasNonNull("name") ? p.get("name").asText() : null));
            }
            return new AppManifest(node.path("name").asText(), node.path("version").asText(),
                    node.hasNonNull("description") ? node.get("description").asText() : null,
                    (ObjectNode) node.get("inputs"), (ObjectNode) JSON.readTree(defaults), permissions);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("an app as stored cannot be read", e);
        }
    }

    private static void checkSchema(ObjectNode schema) {
        refsStayInside(schema);
        List<Error> errors = withValidatorLoader(() -> META.validate(schema));
        if (!errors.isEmpty()) {
            throw new InvalidArgument(APP_YAML + ": inputs is not a JSON Schema 2020-12: " + errors.get(0).getMessage());
        }
        if (!"object".equals(schema.path("type").asText())) {
            throw new InvalidArgument(APP_YAML + ": inputs describes the values, a map: its type is object");
        }
        try {
            withValidatorLoader(() -> SCHEMAS.getSchema(schema).validate(JsonNodeFactory.instance.objectNode()));
        } catch (RuntimeException e) {
            throw new InvalidArgument(APP_YAML + ": inputs is not a usable JSON Schema: " + shorten(e.getMessage()));
        }
    }

    /** A schema refers only to itself: labd loads nothing a {@code $ref} or {@code $id} would name. */
    private static void refsStayInside(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if ((key.equals("$ref") || key.equals("$dynamicRef")) && !field.getValue().asText().startsWith("#")
                        || key.equals("$id") || key.equals("$schema") && !field.getValue().asText()
                                .equals(SpecificationVersion.DRAFT_2020_12.getDialectId())) {
                    throw new InvalidArgument(APP_YAML + ": inputs may refer only to itself ('#…'): " + key + " "
                            + shorten(field.getValue().asText()));
                }
                refsStayInside(field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(AppManifest::refsStayInside);
        }
    }

    private static List<AppInfo.AppPermission> permissions(JsonNode node) {
        List<AppInfo.AppPermission> permissions = new ArrayList<>();
        if (node == null || node.isNull()) {
            return permissions;
        }
        if (!node.isArray() || node.size() > 50) {
            throw new InvalidArgument(APP_YAML + ": permissions is a list (at most 50) of {action, kind, name}");
        }
        for (JsonNode p : node) {
            String action = text(p, "action");
            String kind = text(p, "kind");
            String name = text(p, "name");
            if (action == null || !Permission.ACTIONS.contains(action)) {
                throw new InvalidArgument(APP_YAML + ": a permission's action is one of "
                        + String.join(", ", Permission.ACTIONS) + ", not '" + shorten(action) + "'");
            }
            if (kind == null || !KIND.matcher(kind).matches()) {
                throw new InvalidArgument(APP_YAML + ": a permission's kind is a resource kind (cluster, server, …), not '"
                        + shorten(kind) + "'");
            }
            if (name == null && !kind.equals("cluster")) {
                throw new InvalidArgument(APP_YAML + ": permission " + action + " on a " + kind + " names the " + kind
                        + " (only a cluster's may be left out: the one the app is installed on)");
            }
            if (name != null && (name.length() > 200 || name.chars().anyMatch(Character::isISOControl))) {
                throw new InvalidArgument(APP_YAML + ": a permission's name is at most 200 printable characters");
            }
            permissions.add(new AppInfo.AppPermission(action, kind, name));
        }
        return permissions;
    }

    private static JsonNode parse(ZipFile zip, ZipEntry entry, String what) throws IOException {
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
            content = in.readNBytes(MAX_FILE + 1);
        }
        if (content.length > MAX_FILE) {
            throw new InvalidArgument(what + " is larger than " + MAX_FILE / 1024 + " KiB");
        }
        try {
            JsonNode node = YAML.readTree(new String(content, StandardCharsets.UTF_8));
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidArgument(what + " is not valid YAML" + where);
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }

    static String shorten(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }

    private static YAMLFactory yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(50);
        options.setCodePointLimit(MAX_FILE);
        return YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(50).build()).build();
    }
}
