package org.labctl.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.labctl.api.ExecFrame;
import org.labctl.api.ExecProtocol;

class ExecJsonTest {

    private static final UUID SESSION = UUID.fromString("5f0c1e2d-0000-4000-8000-00000000abcd");

    @Test
    void framesAreWrittenWithOnlyTheirFields() {
        assertEquals("{\"type\":\"start\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"argv\":[\"wc\",\"-l\"],"
                + "\"tty\":false,\"cols\":0,\"rows\":0,\"env\":{\"A\":\"1\"},\"timeoutSeconds\":5}",
                ExecJson.write(ExecFrame.start(SESSION, List.of("wc", "-l"), Map.of("A", "1"), 5)));
        assertEquals("{\"type\":\"window\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"channel\":1,\"bytes\":32768}",
                ExecJson.write(ExecFrame.window(SESSION, ExecProtocol.STDOUT, 32768)));
        assertEquals("{\"type\":\"exit\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"code\":130,\"signal\":\"INT\","
                + "\"timedOut\":false}", ExecJson.write(ExecFrame.exit(SESSION, 130, "INT", false)));
        assertEquals("{\"type\":\"signal\",\"session\":\"5f0c1e2d-0000-4000-8000-00000000abcd\",\"name\":\"INT\"}",
                ExecJson.write(ExecFrame.signal(SESSION, ExecProtocol.Signal.INT)));
    }

    @Test
    void everyFactoryRoundTrips() {
        for (ExecFrame frame : List.of(ExecFrame.start(SESSION, List.of("bash"), true, 80, 24, "root", Map.of("TERM", "xterm"), 0),
                ExecFrame.started(SESSION, 4242), ExecFrame.eof(SESSION), ExecFrame.signal(SESSION, ExecProtocol.Signal.TSTP),
                ExecFrame.resize(SESSION, 120, 40), ExecFrame.window(SESSION, ExecProtocol.STDIN, 1),
                ExecFrame.exit(SESSION, 124, null, true), ExecFrame.error(SESSION, "not connected"),
                ExecFrame.logs(SESSION, org.labctl.api.LogRequest.journal(List.of("k3s"), 10, "1h ago", null, true, "err", true, true)),
                ExecFrame.logs(SESSION, org.labctl.api.LogRequest.file("/var/log/syslog", null, true)))) {
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
