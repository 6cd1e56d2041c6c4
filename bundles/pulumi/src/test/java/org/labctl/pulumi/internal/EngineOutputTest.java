package org.labctl.pulumi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What labd reads of the engine's event log, output and checkpoint, on samples of what pulumi v3.276 writes. */
class EngineOutputTest {

    @TempDir
    Path dir;

    @Test
    void theSummaryIsTheLastSummaryEventAndTheErrorsAreTheErrorDiagnostics() throws Exception {
        Path log = Files.writeString(dir.resolve("events.json"), String.join("\n",
                "{\"sequence\":0,\"timestamp\":1,\"preludeEvent\":{\"config\":{\"web:greeting\":\"yo\"}}}",
                "{\"sequence\":1,\"timestamp\":1,\"diagnosticEvent\":{\"message\":\"debug noise\\n\",\"severity\":\"debug\"}}",
                "{\"sequence\":2,\"timestamp\":1,\"diagnosticEvent\":{\"message\":\"boom: it failed\\n\",\"severity\":\"error\"}}",
                "{\"sequence\":3,\"timestamp\":1,\"diagnosticEvent\":{\"message\":\"boom: it failed\\n\",\"severity\":\"error\"}}",
                "{\"sequence\":4,\"timestamp\":2,\"summaryEvent\":{\"maybeCorrupt\":false,\"durationSeconds\":2,"
                        + "\"resourceChanges\":{\"create\":2,\"same\":1},\"isPreview\":false,\"result\":\"failed\"}}",
                "{\"sequence\":5,\"timestamp\":2,\"cancelEvent\":{}}",
                "{\"sequence\":6,\"timest"));
        EngineOutput.Summary summary = EngineOutput.summary(log);
        assertEquals(Map.of("create", 2, "same", 1), summary.changes());
        assertEquals("failed", summary.result());
        assertEquals(List.of("boom: it failed"), summary.errors(), "once each, the debug lines left out");
    }

    @Test
    void noEventLogIsAnEmptySummary() {
        EngineOutput.Summary summary = EngineOutput.summary(dir.resolve("missing.json"));
        assertTrue(summary.changes().isEmpty());
        assertTrue(summary.errors().isEmpty());
    }

    @Test
    void theStackOutputsShowSecretsAsSecret() {
        String checkpoint = "{\"version\":3,\"checkpoint\":{\"latest\":{\"resources\":["
                + "{\"urn\":\"urn:pulumi:lab::web::pulumi:pulumi:Stack::web-lab\",\"type\":\"pulumi:pulumi:Stack\","
                + "\"outputs\":{\"name\":\"greeting\",\"count\":3,\"password\":{\"4dabf18193072939515e22adb298388d\":"
                + "\"1b47061264138c4ac30d75fd1eb44270\",\"ciphertext\":\"v1:abc\"},\"nested\":{\"key\":{"
                + "\"4dabf18193072939515e22adb298388d\":\"1b47061264138c4ac30d75fd1eb44270\",\"ciphertext\":\"v1:def\"}}}},"
                + "{\"urn\":\"urn:pulumi:lab::web::kubernetes:core/v1:ConfigMap::c\",\"type\":\"kubernetes:core/v1:ConfigMap\","
                + "\"outputs\":{\"data\":{\"x\":\"y\"}}}]}}}";
        Map<String, Object> outputs = EngineOutput.outputs(checkpoint);
        assertEquals("greeting", outputs.get("name"));
        assertEquals(3, outputs.get("count"));
        assertEquals("[secret]", outputs.get("password"));
        assertEquals(Map.of("key", "[secret]"), outputs.get("nested"));
        assertFalse(outputs.containsKey("data"), "only the stack's own outputs");
        assertEquals(2, EngineOutput.resources(checkpoint));
    }

    @Test
    void progressTicksAndTheLanguageHostsNoiseAreLeftOut() {
        assertFalse(EngineOutput.keep("@ updating...."));
        assertFalse(EngineOutput.keep("E1208 00:32:44.222112 14874 main.go:456] unable to start debugging: rpc error"));
        assertTrue(EngineOutput.keep(" +  kubernetes:core/v1:ConfigMap greeting created (0.02s)"));
        assertTrue(EngineOutput.keep(""));
    }
}
