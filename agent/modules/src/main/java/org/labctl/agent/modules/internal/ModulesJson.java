package org.labctl.agent.modules.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.labctl.api.module.ArtifactDigest;

/**
 * The JSON of modules: labd's answer to {@code GET /api/v1/agent/modules} and the agent's own
 * {@link StateFile}, read by the same checks. Nothing from the network reaches a path or the framework
 * before it passed them: names, versions and file names are those labd accepts ({@code module.yaml}'s
 * rules), so none of them can climb out of the modules directory, and every file has a SHA-256.
 * Parameters become the Java types {@link org.labctl.api.module.Module#configure} documents: an integer
 * a {@link Long}, a number with a fraction or exponent a {@link Double}, lists and maps unmodifiable.
 */
final class ModulesJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** A module name, as labd's module.yaml rules have it. */
    static final Pattern NAME = org.labctl.api.module.ModuleFiles.NAME;
    /** A module version: MAJOR.MINOR.MICRO[.QUALIFIER], as labd's module.yaml rules have it. */
    static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(\\.[A-Za-z0-9_-]{1,64})?");
    /** An agent bundle's file name, as labd's module.yaml rules have it. */
    static final Pattern FILE = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,250}\\.jar");
    static final int MAX_MODULES = 512;
    static final int MAX_BUNDLES = 128;
    static final long MAX_BUNDLE_BYTES = 512L * 1024 * 1024;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_SHOWN = 100;

    private ModulesJson() {
    }

    /** labd's answer, checked whole: a document with one bad part is refused whole, so nothing half-read is applied. */
    static Desired desired(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("labd's modules are not a JSON object");
        }
        String generation = text(root, "generation", "labd's modules");
        JsonNode server = root.path("server");
        String role = server.path("role").isTextual() ? server.path("role").asText() : null;
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> label : server.path("labels").properties()) {
            if (label.getValue().isTextual()) {
                labels.put(label.getKey(), label.getValue().asText());
            }
        }
        return new Desired(generation, modules(root.path("modules"), "labd's modules"), role, labels);
    }

    /** A list of modules (labd's, or the state file's): each name at most once. */
    static List<ModuleSpec> modules(JsonNode modules, String where) throws IOException {
        if (!modules.isArray()) {
            throw new IOException(where + ": 'modules' is not a list");
        }
        if (modules.size() > MAX_MODULES) {
            throw new IOException(where + ": " + modules.size() + " modules; at most " + MAX_MODULES);
        }
        List<ModuleSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode module : modules) {
            ModuleSpec spec = module(module, where);
            if (!names.add(spec.name())) {
                throw new IOException(where + ": module " + spec.name() + " is listed twice");
            }
            specs.add(spec);
        }
        return specs;
    }

    static ModuleSpec module(JsonNode module, String where) throws IOException {
        if (!module.isObject()) {
            throw new IOException(where + ": a module that is not a JSON object");
        }
        String name = matching(module, "name", NAME, where);
        String version = matching(module, "version", VERSION, "module " + name);
        String title = "module " + name + " " + version;
        JsonNode parameters = module.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw new IOException(title + " has parameters that are not a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> parameter : parameters.properties()) {
            if (!parameter.getValue().isNull()) {
                values.put(parameter.getKey(), value(parameter.getValue(), title + " parameter " + shown(parameter.getKey()), 0));
            }
        }
        JsonNode bundles = module.path("bundles");
        if (!bundles.isArray()) {
            throw new IOException(title + " has no list 'bundles'");
        }
        if (bundles.size() > MAX_BUNDLES) {
            throw new IOException(title + " lists " + bundles.size() + " bundles; at most " + MAX_BUNDLES);
        }
        List<ModuleFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode bundle : bundles) {
            ModuleFile file = file(bundle, title);
            if (!seen.add(file.file())) {
                throw new IOException(title + " lists " + file.file() + " twice");
            }
            files.add(file);
        }
        return new ModuleSpec(name, version, Collections.unmodifiableMap(values), files);
    }

    private static ModuleFile file(JsonNode bundle, String title) throws IOException {
        if (!bundle.isObject()) {
            throw new IOException(title + " lists a bundle that is not a JSON object");
        }
        String file = matching(bundle, "file", FILE, title + " bundle");
        String where = title + " bundle " + file;
        String sha256;
        try {
            sha256 = ArtifactDigest.normalize(file, text(bundle, "sha256", where));
        } catch (RuntimeException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
        JsonNode size = bundle.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0 || size.asLong() > MAX_BUNDLE_BYTES) {
            throw new IOException(where + " has no size in bytes (0 to " + MAX_BUNDLE_BYTES + ")");
        }
        String url = text(bundle, "url", where);
        if (!url.startsWith("/") || url.startsWith("//") || url.length() > 2048) {
            throw new IOException(where + " has url '" + shown(url) + "', which is not a path on labd");
        }
        return new ModuleFile(file, sha256, size.asLong(), url);
    }

    /** A module's record in the state file: what labd sent, as it sent it. */
    static ObjectNode toJson(ModuleSpec spec) {
        ObjectNode module = MAPPER.createObjectNode();
        module.put("name", spec.name());
        module.put("version", spec.version());
        module.set("parameters", MAPPER.valueToTree(spec.parameters()));
        ArrayNode bundles = module.putArray("bundles");
        for (ModuleFile file : spec.bundles()) {
            bundles.addObject().put("file", file.file()).put("sha256", file.sha256()).put("size", file.size()).put("url", file.url());
        }
        return module;
    }

    /** A parameter's value as a Java value: the types Module.configure documents. */
    private static Object value(JsonNode node, String where, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException(where + " nests deeper than " + MAX_DEPTH);
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new IOException(where + " is an integer beyond 64 bits");
            }
            return node.asLong();
        }
        if (node.isNumber()) {
            double number = node.asDouble();
            if (!Double.isFinite(number)) {
                throw new IOException(where + " is a number beyond a double's range");
            }
            return number;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : node) {
                list.add(element.isNull() ? null : value(element, where, depth + 1));
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), field.getValue().isNull() ? null : value(field.getValue(), where, depth + 1));
            }
            return Collections.unmodifiableMap(map);
        }
        throw new IOException(where + " is neither text, number, boolean, list nor map");
    }

    private static String text(JsonNode node, String field, String where) throws IOException {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new IOException(where + ": '" + field + "' is missing or not text");
        }
        return value.asText();
    }

    private static String matching(JsonNode node, String field, Pattern pattern, String where) throws IOException {
        String value = text(node, field, where);
        if (!pattern.matcher(value).matches()) {
            throw new IOException(where + ": " + field + " '" + shown(value) + "' does not match " + pattern.pattern());
        }
        return value;
    }

    /** Text from the network, for a message: control characters escaped, cut when long. */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < MAX_SHOWN; i++) {
            char c = text.charAt(i);
            shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > MAX_SHOWN ? shown + "..." : shown.toString();
    }
}
