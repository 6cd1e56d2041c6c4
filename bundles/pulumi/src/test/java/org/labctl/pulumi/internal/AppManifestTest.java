package org.labctl.pulumi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.InvalidArgument;

/** An app's app.yaml and values.yaml: read from its jar, checked, and values checked against its inputs. */
class AppManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String APP = """
            name: web
            version: 1.2.0
            description: A web server.
            inputs:
              type: object
              additionalProperties: false
              required: [password]
              properties:
                replicas: {type: integer, minimum: 1, maximum: 5}
                image: {type: string}
                password: {type: string, minLength: 8, secret: true}
                limits:
                  type: object
                  properties: {cpu: {type: string}}
            permissions:
              - {action: kubectl, kind: cluster}
            """;

    @TempDir
    Path dir;

    @Test
    void anAppIsReadFromItsJar() throws IOException {
        Path jar = jar(APP, "replicas: 1\nimage: nginx\n");
        AppManifest manifest = AppManifest.read(jar);
        assertEquals("web", manifest.name());
        assertEquals("1.2.0", manifest.version());
        assertEquals(Set.of("password"), manifest.secretInputs());
        assertEquals(1, manifest.defaults().get("replicas").asInt());
        assertEquals("kubectl", manifest.permissions().get(0).action());
        assertEquals(null, manifest.permissions().get(0).name());
        AppManifest again = AppManifest.stored(manifest.manifestJson(), manifest.defaults().toString());
        assertEquals(manifest, again, "kept as JSON and read back alike");
    }

    @Test
    void valuesAreCheckedAgainstTheInputs() throws IOException {
        AppManifest manifest = AppManifest.of(YAML.readTree(APP), YAML.readTree("replicas: 1"));
        assertEquals(List.of(), manifest.problems(tree("{\"replicas\": 2, \"password\": \"longenough\"}")));
        List<String> problems = manifest.problems(tree("{\"replicas\": 9, \"password\": \"short\", \"colour\": \"red\"}"));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("replicas")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("colour")), problems.toString());
        assertEquals(1, manifest.problems(tree("{\"replicas\": \"two\", \"password\": \"longenough\"}")).size());
        assertEquals(1, manifest.problems(tree("{}")).size(), "password is required");
    }

    @Test
    void aJarWithoutAnAppOrWithABadOneIsRefusedSayingWhy() throws IOException {
        Path program = dir.resolve("program.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(program))) {
            zip.putNextEntry(new ZipEntry("Main.class"));
        }
        assertTrue(assertThrows(InvalidArgument.class, () -> AppManifest.read(program)).getMessage()
                .contains("not an app"));
        Path notZip = Files.writeString(dir.resolve("x.jar"), "not a zip");
        assertTrue(assertThrows(InvalidArgument.class, () -> AppManifest.read(notZip)).getMessage().contains("jar"));
        refused("name: Web\nversion: 1\n", "not an app name");
        refused("name: web\nversion: '1 0'\n", "not a version");
        refused("name: web\nversion: 1\nfoo: bar\n", "unknown key foo");
        refused("name: web\nversion: 1\ninputs: [1]\n", "inputs is a JSON Schema");
        refused("name: web\nversion: 1\ninputs: {type: object, properties: {a: {type: 7}}}\n", "not a JSON Schema 2020-12");
        refused("name: web\nversion: 1\ninputs: {type: string}\n", "its type is object");
        refused("name: web\nversion: 1\ninputs: {type: object, properties: {a: {$ref: 'http://169.254.169.254/x'}}}\n",
                "refer only to itself");
        refused("name: web\nversion: 1\npermissions: [{action: sudo, kind: cluster}]\n", "action is one of");
        refused("name: web\nversion: 1\npermissions: [{action: exec, kind: server}]\n", "names the server");
        Path huge = jar("name: web\nversion: 1\ndescription: '" + "x".repeat(AppManifest.MAX_FILE) + "'\n", "");
        assertTrue(assertThrows(InvalidArgument.class, () -> AppManifest.read(huge)).getMessage().contains("KiB"));
        Path badYaml = jar("name: web\nversion: [\n", "");
        assertTrue(assertThrows(InvalidArgument.class, () -> AppManifest.read(badYaml)).getMessage()
                .contains("not valid YAML"));
        Path listValues = jar("name: web\nversion: 1\n", "- a\n");
        assertTrue(assertThrows(InvalidArgument.class, () -> AppManifest.read(listValues)).getMessage()
                .contains("values.yaml is not a map"));
    }

    @Test
    void valuesMergeMapByMapAndNullRemoves() throws IOException {
        ObjectNode into = (ObjectNode) tree("{\"a\": 1, \"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}, \"b\": 2}");
        AppService.merge(into, tree("{\"limits\": {\"cpu\": \"2\"}, \"b\": null, \"c\": [1]}"));
        assertEquals(tree("{\"a\": 1, \"limits\": {\"cpu\": \"2\", \"memory\": \"1Gi\"}, \"c\": [1]}"), into);
        assertThrows(InvalidArgument.class, () -> AppService.merge(into, tree("[1]")));
    }

    private void refused(String app, String message) {
        InvalidArgument refused = assertThrows(InvalidArgument.class, () -> AppManifest.of(YAML.readTree(app),
                YAML.createObjectNode()));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }

    private Path jar(String app, String values) throws IOException {
        Path jar = Files.createTempFile(dir, "app", ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            write(zip, AppManifest.APP_YAML, app);
            write(zip, AppManifest.VALUES_YAML, values);
        }
        return jar;
    }

    private static void write(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        OutputStream out = zip;
        out.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static JsonNode tree(String json) throws IOException {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void theNewestVersionIsTheHighestNotTheLastPublished() {
        assertTrue(AppService.compareVersions("0.10.0", "0.9.1") > 0);
        assertTrue(AppService.compareVersions("0.2.0", "0.1.1") > 0);
        assertTrue(AppService.compareVersions("1.0", "1.0.1") < 0);
        assertEquals(0, AppService.compareVersions("1.2.3", "1.2.3"));
        assertTrue(AppService.compareVersions("1.0.0-b", "1.0.0-a") > 0);
    }
}
