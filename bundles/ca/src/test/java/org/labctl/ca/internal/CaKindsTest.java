package org.labctl.ca.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.labctl.core.ResourceKind.Address;

/** ca's kinds: users and join tokens, each at one address outside clouds. */
class CaKindsTest {

    @Test
    void everyUserIsAtUsers() {
        UserKind kind = new UserKind();
        assertEquals(new Address("*", "*", "users"), kind.locate("alice"));
        assertEquals(new Address("*", "*", "users"), kind.locate(""));
        assertEquals("manage:*:*:users", kind.locate("all").permission("manage"));
        assertFalse(kind.looksUp());
    }

    @Test
    void everyTokenIsAtTokens() {
        TokenKind kind = new TokenKind();
        assertEquals(new Address("*", "*", "tokens"), kind.locate("0b0e6a4e-6f7b-4a0e-9d9e-2f0c8a1d1e11"));
        assertEquals("read:*:*:tokens", kind.locate("").permission("read"));
        assertFalse(kind.looksUp());
    }
}
