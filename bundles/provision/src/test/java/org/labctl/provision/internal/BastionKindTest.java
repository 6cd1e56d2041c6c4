package org.labctl.provision.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.labctl.core.ResourceKind.Address;

/** A bastion is named after its environment and stands for all of it, in the bare-metal cloud. */
class BastionKindTest {

    @Test
    void aBastionIsItsWholeEnvironment() {
        BastionKind kind = new BastionKind();
        assertEquals(new Address("baremetal", "lab", "*"), kind.locate("lab"));
        assertEquals("manage:baremetal:lab:*", kind.locate("lab").permission("manage"));
        assertFalse(kind.looksUp());
    }
}
