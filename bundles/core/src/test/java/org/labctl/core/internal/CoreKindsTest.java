package org.labctl.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.labctl.api.InvalidArgument;
import org.labctl.core.ResourceKind.Address;

/** Where core's computed kinds put their resources: the addresses REST and can-i used before the gate. */
class CoreKindsTest {

    @Test
    void anEnvironmentIsEverythingInIt() {
        EnvironmentKind kind = new EnvironmentKind();
        assertEquals(new Address("baremetal", "lab", "*"), kind.locate("baremetal/lab"));
        assertEquals(new Address("*", "*", "environments"), kind.locate(""), "creating one");
        assertFalse(kind.looksUp());
        assertTrue(kind.actions().contains("exec"));
        for (String bad : new String[] {"lab", "/lab", "baremetal/"}) {
            InvalidArgument refused = assertThrows(InvalidArgument.class, () -> kind.locate(bad));
            assertEquals("an environment is environment/<cloud>/<name>, like environment/baremetal/lab", refused.getMessage());
        }
    }

    @Test
    void aCloudIsEverythingInItAndTheKindIsClouds() {
        CloudKind kind = new CloudKind();
        assertEquals(new Address("aws", "*", "*"), kind.locate("aws"));
        assertEquals(new Address("*", "*", "clouds"), kind.locate(""));
        assertFalse(kind.looksUp());
    }

    @Test
    void theAuditLogIsOneResourceOutsideClouds() {
        AuditKind kind = new AuditKind();
        assertEquals(new Address("*", "*", "audit"), kind.locate(""));
        assertEquals(new Address("*", "*", "audit"), kind.locate("anything"));
        assertEquals("read:*:*:audit", kind.locate("").permission("read"));
        assertFalse(kind.actions().contains("manage"), "no API changes the audit log");
    }
}
