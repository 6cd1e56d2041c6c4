package org.labctl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {

    @ParameterizedTest
    @ValueSource(strings = {"read:*:*:*", "exec:baremetal:lab:*", "kubectl:*:*:*", "*:baremetal:lab:puppet",
            "manage:*:*:*", "admin:*:*:*", "*:*:*:*", "destroy:hetzner:prod:web-1.example.org", "apply:0:a_b:x-9"})
    void parsesAndPrintsTheSameText(String text) {
        Permission permission = Permission.parse(text);
        assertEquals(text, permission.toString());
        assertEquals(permission, Permission.parse(permission.toString()));
    }

    @Test
    void parseFillsTheFourSegmentsInOrder() {
        assertEquals(new Permission("exec", "baremetal", "lab", "*"), Permission.parse("exec:baremetal:lab:*"));
    }

    @Test
    void wrongSegmentCountNamesTheCountAndTheGrammar() {
        var error = assertThrows(InvalidArgument.class, () -> Permission.parse("exec:baremetal:lab"));
        assertEquals("permission 'exec:baremetal:lab' has 3 segments; expected action:cloud:environment:name "
                + "(each a name or *; environment - for none), e.g. exec:baremetal:lab:*", error.getMessage());
        assertMessage("exec:baremetal:lab:*:x", "has 5 segments", Permission.GRAMMAR);
        assertMessage("exec:baremetal:lab:*:", "has 5 segments");
        assertMessage("read", "has 1 segment;");
    }

    @Test
    void emptyOrMissingTextIsRejected() {
        assertMessage("", "permission is empty", Permission.GRAMMAR);
        assertEquals("permission is empty; " + Permission.GRAMMAR,
                assertThrows(InvalidArgument.class, () -> Permission.parse(null)).getMessage());
    }

    @Test
    void anEmptySegmentIsNamedByPositionAndRole() {
        assertMessage("exec::lab:*", "segment 2 (cloud) is empty", Permission.GRAMMAR);
        assertMessage(":baremetal:lab:*", "segment 1 (action) is empty");
        assertMessage("exec:baremetal:lab:", "segment 4 (name) is empty");
    }

    @Test
    void partialWildcardsAreRejectedWithTheSegment() {
        assertMessage("exec:baremetal:lab:web-*", "segment 4 (name) 'web-*' is a partial wildcard", Permission.GRAMMAR);
        assertMessage("exec:*metal:lab:x", "segment 2 (cloud) '*metal' is a partial wildcard");
        assertMessage("exec:baremetal:**:x", "segment 3 (environment) '**' is a partial wildcard");
        assertMessage("ex*:baremetal:lab:x", "segment 1 (action) 'ex*' is a partial wildcard");
    }

    @Test
    void unknownActionsListTheActions() {
        assertMessage("run:baremetal:lab:*", "segment 1 (action) 'run' is not an action; an action is one of "
                + "read, exec, apply, destroy, manage, admin, kubectl or *", Permission.GRAMMAR);
        assertMessage("READ:*:*:*", "'READ' is not an action");
        assertMessage(" read:*:*:*", "' read' is not an action");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "exec:Baremetal:lab:*  | segment 2 (cloud) 'Baremetal' has the first character 'B' at 1",
        "exec:baremetal:la b:* | segment 3 (environment) 'la b' has character ' ' at 3",
        "exec:baremetal:lab:-x | segment 4 (name) '-x' has the first character '-' at 1",
        "exec:baremetal:lab:a/b | segment 4 (name) 'a/b' has character '/' at 2",
        "exec:baremetal:lab:é  | segment 4 (name) '\\u00e9' has the first character '\\u00e9' at 1",
    })
    void badCharactersNameTheSegmentAndTheCharacter(String text, String expected) {
        assertMessage(text.strip(), expected, "a name is 1 to 63 lower-case letters", Permission.GRAMMAR);
    }

    @Test
    void noEnvironmentIsSpelledDashAndOnlyInTheEnvironmentSegment() {
        Permission rule = Permission.parse("exec:baremetal:-:vm");
        assertEquals(Permission.NO_ENVIRONMENT, rule.environment());
        assertEquals("exec:baremetal:-:vm", rule.toString());
        assertTrue(rule.matches("exec", "baremetal", "-", "vm"));
        assertFalse(rule.matches("exec", "baremetal", "lab", "vm"));
        assertTrue(Permission.parse("exec:baremetal:*:vm").matches("exec", "baremetal", Permission.NO_ENVIRONMENT, "vm"));
        assertMessage("exec:-:lab:vm", "segment 2 (cloud) '-' has the first character '-' at 1");
        assertMessage("exec:baremetal:lab:-", "segment 4 (name) '-' has the first character '-' at 1");
        assertMessage("exec:baremetal:--:vm", "segment 3 (environment) '--' has the first character '-' at 1");
    }

    @Test
    void namesHaveAtMost63Characters() {
        String longest = "a".repeat(63);
        assertEquals(longest, Permission.parse("read:*:*:" + longest).name());
        assertMessage("read:*:*:" + longest + "a", "segment 4 (name)", "has 64 characters");
    }

    @Test
    void messagesShortenLongInputAndEscapeControlCharacters() {
        var error = assertThrows(InvalidArgument.class, () -> Permission.parse("x".repeat(10_000)));
        assertTrue(error.getMessage().length() < 300, error.getMessage());
        assertTrue(error.getMessage().contains("(10000 characters)"), error.getMessage());
        assertMessage("read:*:*:a\u001b[31m", "'a\\u001b[31m' has character '\\u001b' at 2");
    }

    @Test
    void theConstructorChecksLikeParse() {
        var error = assertThrows(InvalidArgument.class, () -> new Permission("exec", "baremetal", "web-*", "x"));
        assertTrue(error.getMessage().contains("segment 3 (environment) 'web-*' is a partial wildcard"), error.getMessage());
        assertThrows(InvalidArgument.class, () -> new Permission(null, "*", "*", "*"));
        assertThrows(InvalidArgument.class, () -> new Permission("read", "*", "*", null));
    }

    @Test
    void matchesSegmentBySegment() {
        Permission execLab = Permission.parse("exec:baremetal:lab:*");
        assertTrue(execLab.matches("exec", "baremetal", "lab", "web-1"));
        assertFalse(execLab.matches("exec", "baremetal", "prod", "web-1"));
        assertFalse(execLab.matches("read", "baremetal", "lab", "web-1"));
        assertFalse(execLab.matches("exec", "hetzner", "lab", "web-1"));

        Permission puppet = Permission.parse("*:baremetal:lab:puppet");
        assertTrue(puppet.matches("destroy", "baremetal", "lab", "puppet"));
        assertTrue(puppet.matches("some-future-action", "baremetal", "lab", "puppet"));
        assertFalse(puppet.matches("destroy", "baremetal", "lab", "puppet-2"));

        assertTrue(Permission.parse("read:*:*:*").matches("read", "x", "y", "z"));
        assertFalse(Permission.parse("read:*:*:*").matches("exec", "x", "y", "z"));
    }

    @Test
    void aRequestValueOfStarIsALiteral() {
        assertFalse(Permission.parse("exec:baremetal:lab:web-1").matches("exec", "baremetal", "lab", "*"));
        assertTrue(Permission.parse("exec:baremetal:lab:*").matches("exec", "baremetal", "lab", "*"));
    }

    @ParameterizedTest
    @CsvSource({
        "*:*:*:*,              exec:baremetal:lab:web-1, true",
        "*:*:*:*,              *:*:*:*,                  true",
        "exec:baremetal:lab:*, exec:baremetal:lab:web-1, true",
        "exec:baremetal:lab:*, exec:baremetal:lab:*,     true",
        "exec:baremetal:lab:*, exec:baremetal:*:*,       false",
        "exec:baremetal:lab:*, *:baremetal:lab:*,        false",
        "exec:baremetal:lab:web-1, exec:baremetal:lab:*, false",
        "read:*:*:*,           exec:*:*:*,               false",
        "*:baremetal:lab:puppet, manage:baremetal:lab:puppet, true",
        "*:baremetal:lab:puppet, manage:baremetal:lab:*, false",
    })
    void coversWhenEverySegmentIsStarOrEqual(String holder, String other, boolean covers) {
        assertEquals(covers, Permission.parse(holder).covers(Permission.parse(other)));
    }

    @ParameterizedTest
    @CsvSource({
        "exec:baremetal:lab:*,     *:baremetal:lab:web-1,    true",
        "exec:baremetal:lab:*,     exec:*:*:web-1,           true",
        "exec:baremetal:lab:web-1, exec:baremetal:lab:web-1, true",
        "exec:baremetal:lab:web-1, exec:baremetal:lab:web-2, false",
        "exec:baremetal:lab:*,     read:*:*:*,               false",
        "exec:baremetal:lab:*,     exec:baremetal:prod:*,    false",
        "*:*:*:*,                  kubectl:k:prod:app,       true",
    })
    void overlapsWhenSomeRequestMatchesBoth(String a, String b, boolean overlaps) {
        Permission first = Permission.parse(a);
        Permission second = Permission.parse(b);
        assertEquals(overlaps, first.overlaps(second));
        assertEquals(overlaps, second.overlaps(first));
    }

    private static void assertMessage(String text, String... parts) {
        var error = assertThrows(InvalidArgument.class, () -> Permission.parse(text));
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "'" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
