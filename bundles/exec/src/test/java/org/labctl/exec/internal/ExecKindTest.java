package org.labctl.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;

class ExecKindTest {

    private static final Caller ALICE = new Caller(Caller.Kind.USER, "alice", "01");
    private final ExecKind kind = new ExecKind();

    @Test
    void aCommandNeedsExecOnTheServerAndReadsAsTyped() {
        Map<String, Object> payload = Map.of("argv", List.of("sh", "-c", "echo 'hi there'"), "tty", true, "user", "postgres",
                "env", Map.of("A", "1"), "timeoutSeconds", 5);
        SessionKind.Plan plan = kind.plan(ALICE, "web-1", payload);
        assertEquals("exec", kind.name());
        assertEquals(new Gate.Request("server", "exec", "web-1", false), plan.request());
        assertEquals("EXEC", plan.verb());
        assertEquals("sh -c 'echo '\\''hi there'\\'''", plan.command());
        assertEquals("exec on server/web-1", plan.doing());
        assertEquals(List.of("sh", "-c", "echo 'hi there'"), plan.details().get("command"));
        assertEquals(true, plan.details().get("interactive"));
        assertEquals("postgres", plan.details().get("runAs"));
        assertSame(payload, plan.payload(), "the agent gets the payload as it came");
    }

    @Test
    void aStartWithoutACommandOrWithAWrongShapeIsRefused() {
        assertEquals("no command to run: give it after --",
                assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "web-1", Map.of())).getMessage());
        assertEquals("no command to run: give it after --",
                assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "web-1", Map.of("argv", List.of(" ")))).getMessage());
        assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "web-1", Map.of("argv", "not a list", "tty", "x")));
        assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "web-1", Map.of("argv", List.of("true"), "timeoutSeconds", -1)));
    }
}
