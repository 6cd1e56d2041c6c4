package org.labctl.agent.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** labd's modules as the agent reads them: nothing unchecked reaches a path, the framework or a module. */
class ModulesJsonTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void labdsAnswerIsReadWithTheDocumentedTypes() throws Exception {
        Desired desired = ModulesJson.desired(json("""
                {"generation": "7f3a", "server": {"role": "web", "labels": {"tier": "gold"}},
                 "modules": [{"name": "chrony", "version": "1.2.0",
                              "parameters": {"servers": ["a", "b"], "port": 123, "drift": 0.5, "strict": false,
                                             "extra": {"n": 1}, "unset": null},
                              "bundles": [{"file": "chrony-agent-1.2.0.jar", "sha256": "%s", "size": 10,
                                           "url": "/api/v1/agent/modules/chrony/1.2.0/files/chrony-agent-1.2.0.jar"}]}]}
                """.formatted(SHA.toUpperCase())));

        assertEquals("7f3a", desired.generation());
        assertEquals("web", desired.serverRole());
        assertEquals(Map.of("tier", "gold"), desired.serverLabels());
        ModuleSpec chrony = desired.modules().get(0);
        assertEquals("chrony 1.2.0", chrony.title());
        assertEquals(Map.of("servers", List.of("a", "b"), "port", 123L, "drift", 0.5, "strict", false, "extra", Map.of("n", 1L)),
                chrony.parameters(), "a null parameter has no value and is left out");
        assertEquals(Long.class, chrony.parameters().get("port").getClass());
        assertEquals(List.of(new ModuleFile("chrony-agent-1.2.0.jar", SHA, 10,
                "/api/v1/agent/modules/chrony/1.2.0/files/chrony-agent-1.2.0.jar")), chrony.bundles(), "the digest in lower case");
        assertThrows(UnsupportedOperationException.class, () -> chrony.parameters().put("x", 1));
    }

    @Test
    void withoutServerLabdSaysNoRoleAndNoLabels() throws Exception {
        Desired desired = ModulesJson.desired(json("{\"generation\": \"1\", \"modules\": []}"));
        assertNull(desired.serverRole());
        assertEquals(Map.of(), desired.serverLabels());
    }

    @Test
    void namesVersionsAndFilesThatCouldLeaveTheModulesDirectoryAreRefused() {
        assertRefused(module("../etc", "1.0.0", "a.jar", SHA, "/x"), "name '../etc' does not match");
        assertRefused(module("chrony", "data", "a.jar", SHA, "/x"), "version 'data' does not match");
        assertRefused(module("chrony", "1.0.0", "../../agent.key.jar", SHA, "/x"), "file '../../agent.key.jar' does not match");
        assertRefused(module("chrony", "1.0.0", "a/b.jar", SHA, "/x"), "file 'a/b.jar' does not match");
        assertRefused(module("chrony", "1.0.0", "a.jar", "not-a-digest", "/x"), "the SHA-256 of a.jar must be 64 hex digits");
        assertRefused(module("chrony", "1.0.0", "a.jar", SHA, "https://elsewhere.example/a.jar"), "is not a path on labd");
        assertRefused(module("chrony", "1.0.0", "a.jar", SHA, "//elsewhere.example/a.jar"), "is not a path on labd");
    }

    @Test
    void aModuleListedTwiceOrAMalformedAnswerIsRefusedWhole() {
        String chrony = module("chrony", "1.0.0", "a.jar", SHA, "/x");
        IOException twice = assertThrows(IOException.class, () -> ModulesJson.desired(json("{\"generation\": \"1\", \"modules\": ["
                + chrony + "," + chrony + "]}")));
        assertEquals("labd's modules: module chrony is listed twice", twice.getMessage());
        assertThrows(IOException.class, () -> ModulesJson.desired(json("[]")));
        assertThrows(IOException.class, () -> ModulesJson.desired(json("{\"modules\": []}")));
        assertThrows(IOException.class, () -> ModulesJson.desired(json("{\"generation\": \"1\", \"modules\": [{\"name\": \"chrony\","
                + "\"version\": \"1.0.0\", \"parameters\": {\"big\": 123456789012345678901234567890}, \"bundles\": []}]}")));
    }

    @Test
    void aModuleRecordReadsBackAsItWasWritten() throws Exception {
        ModuleSpec spec = ModulesJson.desired(json("{\"generation\": \"1\", \"modules\": [" + module("chrony", "1.0.0", "a.jar", SHA, "/x")
                .replace("\"parameters\": {}", "\"parameters\": {\"whole\": 2.0, \"n\": 2}") + "]}")).modules().get(0);
        ModuleSpec back = ModulesJson.module(ModulesJson.toJson(spec), "state");
        assertEquals(spec, back);
        assertEquals(Double.class, back.parameters().get("whole").getClass(), "2.0 stays a number");
        assertEquals(Long.class, back.parameters().get("n").getClass());
    }

    private static void assertRefused(String module, String message) {
        IOException refused = assertThrows(IOException.class,
                () -> ModulesJson.desired(json("{\"generation\": \"1\", \"modules\": [" + module + "]}")));
        assertTrue(refused.getMessage().contains(message), refused.getMessage());
    }

    private static String module(String name, String version, String file, String sha256, String url) {
        return """
                {"name": "%s", "version": "%s", "parameters": {}, "bundles": [{"file": "%s", "sha256": "%s", "size": 1, "url": "%s"}]}
                """.formatted(name, version, file, sha256, url);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
