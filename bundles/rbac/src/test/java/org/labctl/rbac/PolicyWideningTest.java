package org.labctl.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.labctl.api.Permission;

/** {@link Policy#widening}: what a change to a user's roles gives them that the one making it lacks. */
class PolicyWideningTest {

    private static Policy policy(List<String> allows, List<String> denies) {
        return Policy.of(allows.stream().map(Permission::parse).toList(), denies.stream().map(Permission::parse).toList());
    }

    @Test
    void removingOnesOwnDenyIsAWideningOneDoesNotHold() {
        // eve: ops (exec, manage, read everything) and deny-vm (no exec on vm)
        Policy eve = policy(List.of("exec:*:*:*", "manage:*:*:*", "read:*:*:*"), List.of("exec:*:*:vm"));
        Policy withoutDeny = policy(List.of("exec:*:*:*", "manage:*:*:*", "read:*:*:*"), List.of());
        assertEquals(Optional.of(Permission.parse("exec:*:*:vm")), withoutDeny.widening(eve, eve));
        // the admin holds it: no widening beyond what the admin may do
        assertEquals(Optional.empty(), withoutDeny.widening(eve, policy(List.of("*:*:*:*"), List.of())));
    }

    @Test
    void theWitnessNamesWhereTheHolderFallsShort() {
        Policy before = policy(List.of("exec:*:*:*"), List.of("exec:*:*:vm"));
        Policy after = policy(List.of("exec:*:*:*"), List.of());
        // the holder may exec on vm in baremetal/lab only: vm anywhere else is the gain they lack
        Policy holder = policy(List.of("exec:baremetal:lab:vm"), List.of());
        // first try: baremetal/lab, which the holder has; then baremetal in any other environment
        assertEquals(Optional.of(Permission.parse("exec:baremetal:*:vm")), after.widening(before, holder));
    }

    @Test
    void noChangeAndNarrowingAreNeverWidenings() {
        Policy before = policy(List.of("exec:*:*:*", "read:*:*:*"), List.of());
        assertEquals(Optional.empty(), before.widening(before, Policy.EMPTY));
        Policy narrower = policy(List.of("exec:*:*:*", "read:*:*:*"), List.of("exec:aws:prod:*"));
        assertEquals(Optional.empty(), narrower.widening(before, Policy.EMPTY));
        assertEquals(Optional.empty(), policy(List.of("read:*:*:*"), List.of()).widening(before, Policy.EMPTY));
    }

    @Test
    void anAllowAlreadyHeldThroughAnotherRoleGainsNothing() {
        Policy before = policy(List.of("exec:baremetal:lab:*"), List.of());
        Policy after = policy(List.of("exec:baremetal:lab:*", "exec:baremetal:lab:web-1"), List.of());
        assertEquals(Optional.empty(), after.widening(before, Policy.EMPTY));
    }

    @Test
    void removingADenyThatAnotherDenyStillCoversGainsNothing() {
        Policy before = policy(List.of("exec:*:*:*"), List.of("exec:*:*:vm", "exec:*:*:*"));
        Policy after = policy(List.of("exec:*:*:*"), List.of("exec:*:*:*"));
        assertEquals(Optional.empty(), after.widening(before, Policy.EMPTY));
    }

    @Test
    void theNoEnvironmentSpellingIsAValueLikeAnyOther() {
        Policy before = policy(List.of("exec:baremetal:*:*"), List.of("exec:baremetal:-:*"));
        Policy after = policy(List.of("exec:baremetal:*:*"), List.of());
        Policy holder = policy(List.of("exec:baremetal:lab:*"), List.of());
        assertEquals("-", after.widening(before, holder).orElseThrow().environment());
    }

    /**
     * Against brute force over a universe that has, in every segment, values no rule names: for
     * random policies (rules drawn from a part of the universe), widening finds a witness exactly
     * when some request of the universe is gained and not held.
     */
    @Test
    void agreesWithBruteForceOnRandomPolicies() {
        long seed = Long.getLong("labctl.rbac.seed", new Random().nextLong());
        Random random = new Random(seed);
        String[][] named = {{"read", "exec", "manage"}, {"a", "b"}, {"x", "-", "y"}, {"n1", "n2"}};
        String[][] universe = {{"read", "exec", "manage", "admin"}, {"a", "b", "c"}, {"x", "-", "y", "z"}, {"n1", "n2", "n3"}};
        for (int run = 0; run < 3_000; run++) {
            Policy before = random(random, named);
            Policy after = random.nextBoolean() ? random(random, named) : mutate(random, before, named);
            Policy holder = random(random, named);
            boolean brute = false;
            for (String a : universe[0]) {
                for (String c : universe[1]) {
                    for (String e : universe[2]) {
                        for (String n : universe[3]) {
                            brute |= after.decide(a, c, e, n).allowed() && !before.decide(a, c, e, n).allowed()
                                    && !holder.decide(a, c, e, n).allowed();
                        }
                    }
                }
            }
            Optional<Permission> found = after.widening(before, holder);
            assertEquals(brute, found.isPresent(), "seed " + seed + " run " + run + ": before " + before + " after " + after
                    + " holder " + holder + " found " + found);
        }
    }

    private static Policy random(Random random, String[][] named) {
        List<Permission> allows = new ArrayList<>();
        List<Permission> denies = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            allows.add(rule(random, named));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            denies.add(rule(random, named));
        }
        return Policy.of(allows, denies);
    }

    private static Policy mutate(Random random, Policy policy, String[][] named) {
        List<Permission> allows = new ArrayList<>(policy.allows());
        List<Permission> denies = new ArrayList<>(policy.denies());
        switch (random.nextInt(4)) {
            case 0 -> allows.add(rule(random, named));
            case 1 -> denies.add(rule(random, named));
            case 2 -> {
                if (!allows.isEmpty()) {
                    allows.remove(random.nextInt(allows.size()));
                }
            }
            default -> {
                if (!denies.isEmpty()) {
                    denies.remove(random.nextInt(denies.size()));
                }
            }
        }
        return Policy.of(allows, denies);
    }

    private static Permission rule(Random random, String[][] named) {
        String[] segments = new String[4];
        for (int i = 0; i < 4; i++) {
            segments[i] = random.nextInt(3) == 0 ? "*" : named[i][random.nextInt(named[i].length)];
        }
        return new Permission(segments[0], segments[1], segments[2], segments[3]);
    }
}
