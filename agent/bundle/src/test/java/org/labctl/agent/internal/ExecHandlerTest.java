package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.labctl.agent.testing.RecordingOutbound;
import org.labctl.api.ExecStart;
import org.labctl.api.session.AgentSession;

class ExecHandlerTest {

    private final ExecHandler handler = new ExecHandler();

    @Test
    void anExecPayloadRunsItsCommand() throws Exception {
        assertEquals(ExecStart.KIND, handler.kind());
        RecordingOutbound out = new RecordingOutbound();
        AgentSession session = handler.open(UUID.randomUUID(), Map.of("argv", List.of("echo", "hi"), "env", Map.of()), out);
        out.grantingTo(session);
        session.start();
        assertEquals(0, out.awaitExit().code());
        assertEquals("hi\n", out.stdout());
    }

    @Test
    void commandsRunForOtherHandlersToo() throws Exception {
        RecordingOutbound out = new RecordingOutbound();
        AgentSession session = handler.command(UUID.randomUUID(), ExecStart.of(List.of("sh", "-c", "exit 3"), Map.of(), 0), out);
        session.start();
        assertEquals(3, out.awaitExit().code());
    }

    @Test
    void aPayloadThatIsNotACommandIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(), Map.of("argv", 5, "tty", "x"),
                new RecordingOutbound()));
        RecordingOutbound out = new RecordingOutbound();
        AgentSession empty = handler.open(UUID.randomUUID(), Map.of(), out);
        empty.start();
        assertTrue(out.controls().get(0).message().contains("no command to run"), out.controls().toString());
    }
}
