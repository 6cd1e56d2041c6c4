package org.labctl.pulumi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A stack's settings file: config set into it, and shown with its secrets hidden. */
class StackSettingsTest {

    private static final String SETTINGS = """
            encryptionsalt: v1:mA4+5x7+c4U=:v1:t7m4IykI4MRqG4ga:DlMTUUYativ+BZwjlnl0wdgj2zMtfQ==
            config:
              web:greeting: hello
              web:password:
                secure: v1:2a/X4bfzj8R2yuwT:12WGpB1QA1FHv8MN1LNJTvDUU88/ppdjBfXieIAhwHkS
            """;

    @Test
    void valuesAreSetUnderTheProjectUnlessTheyNameAnother() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("greeting", "hi: there");
        config.put("kubernetes:namespace", "shop");
        String settings = StackSettings.with(SETTINGS, "web", config, false);
        Map<String, String> shown = StackSettings.shown(settings);
        assertEquals("hi: there", shown.get("web:greeting"));
        assertEquals("shop", shown.get("kubernetes:namespace"));
        assertEquals("[secret]", shown.get("web:password"), "the secret stays as the engine's ciphertext");
        assertTrue(settings.contains("encryptionsalt: v1:mA4+5x7+c4U="), settings);
        assertTrue(settings.contains("secure: v1:2a/X4bfzj8R2yuwT"), settings);
    }

    @Test
    void noValuesLeaveTheSettingsAsTheyAre() {
        assertEquals(SETTINGS, StackSettings.with(SETTINGS, "web", Map.of(), false));
        assertEquals(Map.of(), StackSettings.shown("encryptionsalt: v1:x\n"));
        assertEquals("web:x", StackSettings.qualified("web", "x"));
        assertEquals("aws:region", StackSettings.qualified("web", "aws:region"));
    }

    @Test
    void replacingLeavesOnlyTheGivenValuesAndTheSalt() {
        String settings = StackSettings.with(SETTINGS, "web", Map.of("replicas", "2"), true);
        assertEquals(Map.of("web:replicas", "2"), StackSettings.shown(settings));
        assertTrue(settings.contains("encryptionsalt: v1:mA4+5x7+c4U="), settings);
        assertEquals(Map.of(), StackSettings.shown(StackSettings.with(SETTINGS, "web", null, true)));
    }
}
