package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;
import org.labctl.api.Failure;

class ExecJsonTest {

    private static final UUID SESSION = UUID.fromString("5f0c1e2d-0000-4000-8000-00000000abcd");

    @Test
    void framesAreWrittenWithOnlyTheirFields() {
        assertEquals("{\"type\":\"start\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"kind\":\"exec\","
                + "\"payload\":{\"argv\":[\"wc\",\"-l\"]}}",
                ExecJson.write(ExecFrame.start(SESSION, "exec", Map.of("argv", List.of("wc", "-l")))));
        assertEquals("{\"type\":\"error\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"message\":\"no\","
                + "\"status\":404,\"error\":\"not_found\"}", ExecJson.write(ExecFrame.error(SESSION, Failure.NOT_FOUND, "no")));
        assertEquals("{\"type\":\"window\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"channel\":1,\"bytes\":32768}",
                ExecJson.write(ExecFrame.window(SESSION, ExecProtocol.STDOUT, 32768)));
        assertEquals("{\"type\":\"exit\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"code\":130,\"signal\":\"INT\","
                + "\"timedOut\":false}", ExecJson.write(ExecFrame.exit(SESSION, 130, "INT", false)));
        assertEquals("{\"type\":\"signal\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"name\":\"INT\"}",
                ExecJson.write(ExecFrame.signal(SESSION, ExecProtocol.Signal.INT)));
    }

    @Test
    void everyFactoryRoundTrips() {
        for (ExecFrame frame : List.of(ExecFrame.start(SESSION, "exec", Map.of("argv", List.of("bash"), "tty", true, "cols", 80,
                        "rows", 24, "user", "root", "env", Map.of("TERM", "xterm"))),
                ExecFrame.started(SESSION, 4242), ExecFrame.eof(SESSION), ExecFrame.signal(SESSION, ExecProtocol.Signal.TSTP),
                ExecFrame.resize(SESSION, 120, 40), ExecFrame.window(SESSION, ExecProtocol.STDIN, 1),
                ExecFrame.exit(SESSION, 124, null, true), ExecFrame.error(SESSION, "not connected"),
                ExecFrame.error(SESSION, Failure.UNAVAILABLE, "lost"),
                ExecFrame.start(SESSION, "logs.file", Map.of("source", "file", "file", "/var/log/syslog", "follow", true)))) {
            assertEquals(frame, ExecJson.read(ExecJson.write(frame)));
        }
    }

    @Test
    void unknownFieldsAreIgnoredAndGarbageIsRejected() {
        assertEquals(ExecFrame.eof(SESSION),
                ExecJson.read("{\"type\":\"eof\",\"session\":\"" + SESSION + "\",\"fromTheFuture\":[1,2]}"));
        assertThrows(IllegalArgumentException.class, () -> ExecJson.read("{\"session\":\"" + SESSION + "\"}"));
        assertThrows(IllegalArgumentException.class, () -> ExecJson.read("not json"));
        assertThrows(IllegalArgumentException.class, () -> ExecJson.read("{\"type\":\"eof\",\"session\":\"not-a-uuid\"}"));
    }
}
