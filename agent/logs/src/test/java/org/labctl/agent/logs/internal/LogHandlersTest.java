package org.labctl.agent.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.agent.testing.RecordingOutbound;
import org.labctl.api.ExecStart;
import org.labctl.api.session.AgentSession;
import org.labctl.api.session.Commands;

/** The agent's log handlers: one per source, each turning a checked request into its session. */
class LogHandlersTest {

    @TempDir
    Path dir;

    @Test
    void theJournalIsJournalctlRunByTheAgentsCore() {
        List<ExecStart> ran = new ArrayList<>();
        Commands commands = (session, command, out) -> {
            ran.add(command);
            return null;
        };
        JournalHandler handler = new JournalHandler(commands, new LogPlaces(List.of(dir), Path.of("/run/log/journal"), null));
        assertEquals("logs.journal", handler.kind());
        handler.open(UUID.randomUUID(), Map.of("source", "journal", "units", List.of("k3s"), "lines", 5), new RecordingOutbound());
        ExecStart journalctl = ran.get(0);
        assertEquals("journalctl", Path.of(journalctl.argv().get(0)).getFileName().toString());
        assertTrue(journalctl.argv().contains("--unit=k3s"), journalctl.argv().toString());
        assertTrue(journalctl.argv().contains("--directory=/run/log/journal"), journalctl.argv().toString());
        assertEquals(0, journalctl.timeout());
        assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                Map.of("source", "journal", "priority", "loud"), new RecordingOutbound()));
        assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                Map.of("source", "file", "file", "/var/log/syslog"), new RecordingOutbound()));
    }

    @Test
    void aFileUnderTheAllowedDirectoriesIsStreamed() throws Exception {
        Path log = Files.writeString(dir.resolve("app.log"), "one\ntwo\nthree\n");
        FileHandler handler = new FileHandler(new LogPlaces(List.of(dir), null, null));
        assertEquals("logs.file", handler.kind());
        RecordingOutbound out = new RecordingOutbound();
        AgentSession session = handler.open(UUID.randomUUID(), Map.of("source", "file", "file", log.toString(), "lines", 2), out);
        out.grantingTo(session);
        session.start();
        assertEquals(0, out.awaitExit().code());
        assertEquals("two\nthree\n", out.stdout());
        assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                Map.of("source", "file", "file", "/etc/passwd"), new RecordingOutbound()));
    }

    @Test
    void theAgentsOwnLogIsStreamedWhenTheRuntimeKeepsOne() throws Exception {
        Path log = Files.writeString(dir.resolve("lab-agent.log"), "connected\n");
        AgentLogHandler handler = new AgentLogHandler(new LogPlaces(List.of(dir), null, log));
        assertEquals("logs.agent", handler.kind());
        RecordingOutbound out = new RecordingOutbound();
        AgentSession session = handler.open(UUID.randomUUID(), Map.of("source", "agent"), out);
        out.grantingTo(session);
        session.start();
        assertEquals(0, out.awaitExit().code());
        assertEquals("connected\n", out.stdout());
        assertThrows(IllegalArgumentException.class, () -> new AgentLogHandler(new LogPlaces(List.of(dir), null, null))
                .open(UUID.randomUUID(), Map.of("source", "agent"), new RecordingOutbound()));
    }

    @Test
    void aModulesLogIsReadWhereTheModulesRuntimeWritesIt() throws Exception {
        // written here as agent/modules' ModuleLogFile writes it: <data>/modules/<name>/module.log
        Path log = Files.createDirectories(dir.resolve("modules/clock")).resolve("module.log");
        Files.writeString(log, "2026-12-07T10:00:00Z INFO installed\n2026-12-07T10:00:01Z INFO configured\n");
        ModuleLogHandler handler = new ModuleLogHandler(new LogPlaces(List.of(dir), null, null, dir));
        assertEquals("logs.module", handler.kind());
        RecordingOutbound out = new RecordingOutbound();
        AgentSession session = handler.open(UUID.randomUUID(), Map.of("source", "module", "module", "clock", "lines", 1), out);
        out.grantingTo(session);
        session.start();
        assertEquals(0, out.awaitExit().code());
        assertEquals("2026-12-07T10:00:01Z INFO configured\n", out.stdout());
    }

    @Test
    void anUnknownModuleOrANameThatIsNotOneIsAClearErrorAndNoPath() throws Exception {
        Files.createDirectories(dir.resolve("modules/quiet"));
        Files.writeString(dir.resolve("secret.log"), "not a module's\n");
        ModuleLogHandler handler = new ModuleLogHandler(new LogPlaces(List.of(dir), null, null, dir));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                Map.of("source", "module", "module", "nosuch"), new RecordingOutbound())).getMessage()
                .contains("module nosuch has not run on this server"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                Map.of("source", "module", "module", "quiet"), new RecordingOutbound())).getMessage()
                .contains("module quiet has written no log on this server yet"));
        for (String name : new String[] {"..", "../secret.log", "/etc/passwd", "Clock"}) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> handler.open(UUID.randomUUID(),
                    Map.of("source", "module", "module", name), new RecordingOutbound())).getMessage()
                    .contains("is not a module's name"), name);
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ModuleLogHandler(new LogPlaces(List.of(dir), null, null))
                .open(UUID.randomUUID(), Map.of("source", "module", "module", "quiet"), new RecordingOutbound())).getMessage()
                .contains("keeps no modules"));
    }
}
