package org.labctl.example.notes.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.labctl.agent.testing.RecordingOutbound;
import org.labctl.api.ExecProtocol;
import org.labctl.api.session.AgentSession;

class EchoHandlerTest {

    @Test
    void echoesTheTextWithItsDigestAndWhoAskedThenExits() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        AgentSession echo = new EchoHandler().open(UUID.randomUUID(), Map.of("text", "hello", "by", "dave"), out);

        echo.start();

        assertEquals(0, out.awaitExit().code());
        assertEquals(ProcessHandle.current().pid(), out.single(ExecProtocol.STARTED).pid());
        JsonNode answer = new ObjectMapper().readTree(out.stdout());
        assertEquals("hello", answer.path("text").asText());
        assertEquals("dave", answer.path("by").asText());
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", answer.path("sha256").asText());
        assertFalse(answer.path("host").asText().isEmpty());
        assertFalse(echo.isRunning());
        out.assertClean();
    }

    @Test
    void aPayloadWithoutTextIsRefusedBeforeAnythingIsSent() {
        RecordingOutbound out = new RecordingOutbound();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new EchoHandler().open(UUID.randomUUID(), Map.of("txt", "hello"), out));
        assertEquals("a notes.echo session needs a text of 1 to 4096 characters: {\"text\": \"…\"}", refused.getMessage());
        assertEquals(0, out.controls().size());
    }
}
