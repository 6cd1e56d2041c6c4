package org.labctl.provision.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labctl.api.Caller;
import org.labctl.api.InvalidArgument;
import org.labctl.core.Gate;
import org.labctl.exec.SessionKind;

class BastionCallKindTest {

    private static final Caller ALICE = new Caller(Caller.Kind.USER, "alice", "01");
    private final BastionCallKind kind = new BastionCallKind();

    @Test
    void lookingNeedsReadAndChangingNeedsManageOnTheWholeEnvironment() {
        SessionKind.Plan list = kind.plan(ALICE, "bastion-1", Map.of("op", "machines"));
        assertEquals("bastion", kind.name());
        assertEquals(new Gate.Request("server", "read", "bastion-1", true), list.request());
        assertEquals("BASTION", list.verb());
        assertEquals("provision list (bastion on server/bastion-1)", list.command());
        assertEquals("provision list on the bastion of server/bastion-1", list.doing());
        SessionKind.Plan forget = kind.plan(ALICE, "bastion-1", Map.of("op", "forget", "mac", "52:54:00:12:34:56"));
        assertEquals(new Gate.Request("server", "manage", "bastion-1", true), forget.request());
    }

    @Test
    void labdSetsWhoAsksWhateverTheClientSaid() {
        SessionKind.Plan plan = kind.plan(ALICE, "bastion-1", Map.of("op", "info", "by", "mallory"));
        assertEquals(Map.of("op", "info", "by", "alice"), plan.payload());
        assertEquals(Map.of("op", "info", "by", "alice"), plan.details().get("bastion"));
    }

    @Test
    void aMalformedCallIsAnInvalidArgument() {
        assertTrue(assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "b", Map.of("op", "reboot"))).getMessage()
                .contains("info, machines, provision, forget or log"));
        assertTrue(assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "b", Map.of("op", "forget", "mac", "x")))
                .getMessage().contains("MAC address"));
        assertThrows(InvalidArgument.class, () -> kind.plan(ALICE, "b", Map.of("op", "log", "lines", "many")));
    }
}
