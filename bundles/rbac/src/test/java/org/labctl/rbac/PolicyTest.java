package org.labctl.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.labctl.api.Permission;

class PolicyTest {

    @ParameterizedTest(name = "{0} decides {1}: {2}")
    @CsvSource({
        // the seed's examples, one rule each
        "read:*:*:*,             read:baremetal:lab:web-1,      true",
        "read:*:*:*,             read:hetzner:prod:db-2,        true",
        "read:*:*:*,             exec:baremetal:lab:web-1,      false",
        "exec:baremetal:lab:*,   exec:baremetal:lab:web-1,      true",
        "exec:baremetal:lab:*,   exec:baremetal:prod:web-1,     false",
        "exec:baremetal:lab:*,   exec:hetzner:lab:web-1,        false",
        "exec:baremetal:lab:*,   read:baremetal:lab:web-1,      false",
        "kubectl:*:*:*,          kubectl:hetzner:prod:k8s,      true",
        "kubectl:*:*:*,          exec:hetzner:prod:k8s,         false",
        "*:baremetal:lab:puppet, destroy:baremetal:lab:puppet,  true",
        "*:baremetal:lab:puppet, exec:baremetal:lab:puppet,     true",
        "*:baremetal:lab:puppet, exec:baremetal:lab:web-1,      false",
        "*:baremetal:lab:puppet, exec:baremetal:prod:puppet,    false",
        "manage:*:*:*,           manage:baremetal:lab:web-1,    true",
        "manage:*:*:*,           admin:baremetal:lab:web-1,     false",
        "admin:*:*:*,            admin:baremetal:lab:web-1,     true",
        "admin:*:*:*,            read:baremetal:lab:web-1,      false",
        "*:*:*:*,                destroy:hetzner:prod:db-1,     true",
    })
    void seedExamples(String rule, String request, boolean allowed) {
        Decision decision = decide(Policy.of(List.of(Permission.parse(rule)), List.of()), request);
        assertEquals(allowed, decision.allowed(), decision::message);
    }

    @Test
    void theEmptyPolicyDeniesEverythingAndHoldsNothing() {
        Decision decision = Policy.EMPTY.decide("read", "baremetal", "lab", "web-1");
        assertFalse(decision.allowed());
        assertEquals(Optional.empty(), decision.rule());
        assertEquals("read:baremetal:lab:web-1", decision.request());
        assertEquals("missing permission read:baremetal:lab:web-1: no allow rule matches it", decision.message());
        assertFalse(Policy.EMPTY.holds(Permission.parse("read:baremetal:lab:web-1")));
        assertEquals(Policy.EMPTY.allows(), Policy.of(List.of(), List.of()).allows());
    }

    @Test
    void aDenyOverridesAnyAllow() {
        Policy policy = policy(List.of("*:*:*:*", "exec:baremetal:lab:*", "exec:baremetal:lab:db-1"),
                List.of("exec:baremetal:lab:db-1"));
        Decision denied = policy.decide("exec", "baremetal", "lab", "db-1");
        assertFalse(denied.allowed());
        assertEquals(Optional.of(Permission.parse("exec:baremetal:lab:db-1")), denied.rule());
        assertEquals("exec:baremetal:lab:db-1 is denied by the deny rule exec:baremetal:lab:db-1", denied.message());

        Decision allowed = policy.decide("exec", "baremetal", "lab", "web-1");
        assertTrue(allowed.allowed());
        assertEquals(Optional.of(Permission.parse("exec:baremetal:lab:*")), allowed.rule(),
                "the most specific allow is named");
        assertEquals("exec:baremetal:lab:web-1 is allowed by exec:baremetal:lab:*", allowed.message());
    }

    @Test
    void aDenyFromOneRoleOverridesAnAllowFromAnother() {
        Policy operator = policy(List.of("exec:*:*:*", "read:*:*:*"), List.of());
        Policy noProd = policy(List.of(), List.of("*:*:prod:*"));
        Policy merged = Policy.merge(operator, noProd);
        assertTrue(merged.decide("exec", "baremetal", "lab", "web-1").allowed());
        assertFalse(merged.decide("exec", "baremetal", "prod", "web-1").allowed());
        assertFalse(merged.decide("read", "hetzner", "prod", "web-1").allowed());
        assertEquals(List.of(Permission.parse("exec:*:*:*"), Permission.parse("read:*:*:*")), merged.allows());
        assertEquals(List.of(Permission.parse("*:*:prod:*")), merged.denies());
    }

    @Test
    void aDenyWinsEvenWithoutAnyAllow() {
        Decision decision = policy(List.of(), List.of("exec:*:*:*")).decide("exec", "a", "b", "c");
        assertFalse(decision.allowed());
        assertEquals(Optional.of(Permission.parse("exec:*:*:*")), decision.rule());
    }

    @Test
    void theMissingPermissionIsNamed() {
        Decision decision = policy(List.of("read:*:*:*"), List.of()).decide("exec", "baremetal", "lab", "web-1");
        assertFalse(decision.allowed());
        assertEquals("exec:baremetal:lab:web-1", decision.request());
        assertTrue(decision.message().contains("missing permission exec:baremetal:lab:web-1"), decision.message());
    }

    @Test
    void hostileRequestValuesAreEscapedInMessages() {
        Decision decision = Policy.EMPTY.decide("exec", "baremetal", "lab", "x\u001b]0;owned\u0007" + "y".repeat(100));
        assertFalse(decision.message().contains("\u001b"), decision.message());
        assertTrue(decision.message().contains("x\\u001b]0;owned\\u0007yyy"), decision.message());
        assertTrue(decision.message().length() < 200, decision.message());
    }

    @Test
    void requestValuesAreLiteralsComparedExactly() {
        Policy policy = policy(List.of("exec:baremetal:lab:web-1"), List.of());
        assertFalse(policy.decide("exec", "baremetal", "lab", "*").allowed());
        assertFalse(policy.decide("exec", "baremetal", "lab", "WEB-1").allowed());
        assertFalse(policy.decide("*", "baremetal", "lab", "web-1").allowed());
        assertTrue(policy(List.of("*:*:*:*"), List.of()).decide("future-action", "x", "y", "z").allowed());
    }

    @Test
    void nullRequestValuesAreRejected() {
        assertThrows(NullPointerException.class, () -> Policy.EMPTY.decide("read", null, "lab", "web-1"));
        assertThrows(NullPointerException.class, () -> Policy.EMPTY.holds(null));
        assertThrows(NullPointerException.class, () -> Policy.of(Arrays.asList((Permission) null), List.of()));
    }

    @Test
    void duplicatesCountOnceInGivenOrder() {
        Policy policy = policy(List.of("read:*:*:*", "exec:*:*:*", "read:*:*:*"), List.of("exec:a:b:c", "exec:a:b:c"));
        assertEquals(List.of(Permission.parse("read:*:*:*"), Permission.parse("exec:*:*:*")), policy.allows());
        assertEquals(List.of(Permission.parse("exec:a:b:c")), policy.denies());
    }

    @Test
    void holdsNeedsOneCoveringAllowAndNoOverlappingDeny() {
        Policy admin = policy(List.of("*:*:*:*"), List.of());
        Policy operator = policy(List.of("exec:baremetal:*:*", "read:*:*:*", "manage:*:*:*"), List.of("*:*:prod:*"));

        assertTrue(admin.holds(Permission.parse("*:*:*:*")));
        assertTrue(operator.holds(Permission.parse("exec:baremetal:lab:*")));
        assertTrue(operator.holds(Permission.parse("exec:baremetal:lab:web-1")));
        assertFalse(operator.holds(Permission.parse("exec:baremetal:*:*")), "the prod deny takes part of it away");
        assertFalse(operator.holds(Permission.parse("exec:baremetal:prod:web-1")));
        assertFalse(operator.holds(Permission.parse("read:*:*:*")), "read in prod is denied");
        assertTrue(operator.holds(Permission.parse("read:hetzner:lab:*")));
        assertFalse(operator.holds(Permission.parse("exec:hetzner:lab:*")), "no allow covers another cloud");
        assertFalse(operator.holds(Permission.parse("admin:*:*:*")), "manage is not admin: no escalation");
        assertFalse(operator.holds(Permission.parse("*:baremetal:lab:puppet")), "* also means actions they lack");
    }

    @Test
    void allSevenActionsDoNotAmountToStar() {
        List<Permission> everyAction = Permission.ACTIONS.stream().map(a -> new Permission(a, "*", "*", "*")).toList();
        Policy policy = Policy.of(everyAction, List.of());
        assertFalse(policy.holds(Permission.parse("*:*:*:*")), "* includes actions added later");
        everyAction.forEach(p -> assertTrue(policy.holds(p), p::toString));
    }

    private static Policy policy(List<String> allows, List<String> denies) {
        return Policy.of(allows.stream().map(Permission::parse).toList(), denies.stream().map(Permission::parse).toList());
    }

    private static Decision decide(Policy policy, String request) {
        String[] segments = request.split(":");
        return policy.decide(segments[0], segments[1], segments[2], segments[3]);
    }
}
