package org.labctl.rbac.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.labctl.core.ResourceKind.Address;

/** Roles: every role at one address outside clouds. */
class RoleKindTest {

    @Test
    void everyRoleIsAtRoles() {
        RoleKind kind = new RoleKind();
        assertEquals(new Address("*", "*", "roles"), kind.locate("admin"));
        assertEquals("manage:*:*:roles", kind.locate("").permission("manage"));
        assertEquals("role/admin", kind.describe("admin"));
        assertFalse(kind.looksUp());
    }
}
