package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundAddressTest {

    @Test
    void aSingleAddressAdmitsOnlyItselfAsTheServletContainerWritesIt() {
        BoundAddress machine = BoundAddress.parse("10.0.0.120");
        assertEquals("10.0.0.120", machine.toString());
        assertTrue(machine.contains("10.0.0.120"));
        assertTrue(machine.contains("::ffff:10.0.0.120"), "an IPv4 connection on a dual-stack socket");
        assertFalse(machine.contains("10.0.0.121"));
        assertFalse(machine.contains("::1"));
        assertFalse(machine.contains(null));
        assertFalse(machine.contains("localhost"), "a name is never looked up");
        assertTrue(BoundAddress.parse("fd00::5").contains("[fd00:0:0:0:0:0:0:5]"));
    }

    @Test
    void aBlockAdmitsItsAddresses() {
        BoundAddress nat = BoundAddress.parse("192.0.2.16/28");
        assertTrue(nat.contains("192.0.2.16"));
        assertTrue(nat.contains("192.0.2.31"));
        assertFalse(nat.contains("192.0.2.32"));
        assertFalse(nat.contains("192.0.2.15"));
        assertTrue(BoundAddress.parse("fd00::/8").contains("fd12::1"));
        assertFalse(BoundAddress.parse("fd00::/8").contains("fe80::1"));
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {"", "labd.example", "10.0.0.0/33", "10.0.0.0/0", "10.0.0", "1.2.3.4/x", "::1/129"}) {
            assertThrows(IllegalArgumentException.class, () -> BoundAddress.parse(bad), bad);
        }
    }
}
