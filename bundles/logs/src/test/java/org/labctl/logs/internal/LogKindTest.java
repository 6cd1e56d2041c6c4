package org.labctl.logs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;

class LogKindTest {

    private static final Caller ALICE = new Caller(Caller.Kind.USER, "alice", "01");

    @Test
    void eachSourceIsAKindThatNeedsReadOnTheServer() {
        assertEquals("logs.journal", new JournalKind().name());
        assertEquals("logs.file", new FileKind().name());
        assertEquals("logs.agent", new AgentLogKind().name());
        Map<String, Object> payload = Map.of("source", "journal", "units", List.of("k3s"), "lines", 100, "follow", true);
        SessionKind.Plan plan = new JournalKind().plan(ALICE, "web-1", payload);
        assertEquals(new Gate.Request("server", "read", "web-1", false), plan.request());
        assertEquals("LOGS", plan.verb());
        assertEquals("logs server/web-1 -u k3s -n 100 -f", plan.command());
        assertEquals("reading the logs of server/web-1", plan.doing());
        assertEquals(payload, plan.payload());
        assertEquals(List.of("k3s"), ((Map<?, ?>) plan.details().get("log")).get("units"));
    }

    @Test
    void theAuditLogNamesTheFileAndTheAgent() {
        assertEquals("logs server/web-1 --file /var/log/syslog -n 5",
                new FileKind().plan(ALICE, "web-1", Map.of("source", "file", "file", "/var/log/syslog", "lines", 5)).command());
        assertEquals("logs agent/web-1", new AgentLogKind().plan(ALICE, "web-1", Map.of("source", "agent")).command());
    }

    @Test
    void aRequestTheAgentWouldRefuseIsRefusedHere() {
        assertTrue(assertThrows(InvalidArgument.class, () -> new JournalKind().plan(ALICE, "web-1",
                Map.of("source", "journal", "since", "yesterday-ish"))).getMessage().contains("--since"));
        assertTrue(assertThrows(InvalidArgument.class, () -> new FileKind().plan(ALICE, "web-1",
                Map.of("source", "file", "file", "relative.log"))).getMessage().contains("absolute path"));
        assertTrue(assertThrows(InvalidArgument.class, () -> new FileKind().plan(ALICE, "web-1",
                Map.of("source", "journal"))).getMessage().contains("reads the file log"));
        assertThrows(InvalidArgument.class, () -> new AgentLogKind().plan(ALICE, "web-1", Map.of("source", "agent", "lines", "x")));
    }

    @Test
    void aModulesLogNeedsReadOnTheServerAndNamesTheModuleInTheAuditLog() {
        assertEquals("logs.module", new ModuleLogKind().name());
        SessionKind.Plan plan = new ModuleLogKind().plan(ALICE, "web-1", Map.of("source", "module", "module", "clock",
                "lines", 5, "follow", true));
        assertEquals(new Gate.Request("server", "read", "web-1", false), plan.request());
        assertEquals("logs module/clock --server web-1 -n 5 -f", plan.command());
        assertEquals("clock", ((Map<?, ?>) plan.details().get("log")).get("module"));
    }

    @Test
    void aModuleNameThatIsNotOneIsRefusedBeforeItReachesTheAgent() {
        for (String name : new String[] {"../../etc", "Clock", "a/b", "", "-x", "x".repeat(64)}) {
            assertTrue(assertThrows(InvalidArgument.class, () -> new ModuleLogKind().plan(ALICE, "web-1",
                    Map.of("source", "module", "module", name))).getMessage().contains("is not a module's name"), name);
        }
        assertTrue(assertThrows(InvalidArgument.class, () -> new ModuleLogKind().plan(ALICE, "web-1",
                Map.of("source", "module"))).getMessage().contains("is not a module's name"));
        assertTrue(assertThrows(InvalidArgument.class, () -> new ModuleLogKind().plan(ALICE, "web-1",
                Map.of("source", "module", "module", "clock", "units", List.of("k3s")))).getMessage().contains("a module's log"));
        assertTrue(assertThrows(InvalidArgument.class, () -> new ModuleLogKind().plan(ALICE, "web-1",
                Map.of("source", "agent", "module", "clock"))).getMessage().contains("reads the module log"));
        assertTrue(assertThrows(InvalidArgument.class, () -> new AgentLogKind().plan(ALICE, "web-1",
                Map.of("source", "agent", "module", "clock"))).getMessage().contains("only a module's log names a module"));
    }
}
