package org.labctl.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.labctl.api.Permission;

/**
 * {@link Policy} against a deliberately simple reference: a linear scan over the rules, with
 * matching written out again here. Rules and requests come from a small alphabet so that rules
 * overlap and requests match often. Request values also include a value no rule names and
 * {@code *} (a literal in a request); with such a "fresh" value in every segment, checking all
 * requests of the small universe is exact for {@link Policy#holds}.
 *
 * <p>Rule lists are random (1,000 tries per property, seeded, see {@link PropertyRuns}) and shrink
 * by dropping rules; single rules and pairs of rules come from the whole universe of rules.
 */
class PolicyPropertiesTest {

    private static final List<String> RULE_ACTIONS = List.of("read", "exec", "kubectl");
    private static final List<String> RULE_CLOUDS = List.of("a", "b");
    private static final List<String> RULE_ENVIRONMENTS = List.of("lab", "prod");
    private static final List<String> RULE_NAMES = List.of("n1", "n2");

    private static final List<String> REQUEST_ACTIONS = requestValues(RULE_ACTIONS, "destroy");
    private static final List<String> REQUEST_CLOUDS = requestValues(RULE_CLOUDS, "c");
    private static final List<String> REQUEST_ENVIRONMENTS = requestValues(RULE_ENVIRONMENTS, "dev");
    private static final List<String> REQUEST_NAMES = requestValues(RULE_NAMES, "n3");
    private static final int REQUESTS =
            REQUEST_ACTIONS.size() * REQUEST_CLOUDS.size() * REQUEST_ENVIRONMENTS.size() * REQUEST_NAMES.size();

    /** Every rule of the alphabet: 4 * 3 * 3 * 3 = 108. */
    private static final List<Permission> ALL_RULES = allRules();

    private static final int MANY = 10;
    private static final int FEW = 3;

    /** Allow and deny rules of one policy. */
    record Rules(List<Permission> allows, List<Permission> denies) {

        static Rules generate(Random random) {
            return new Rules(rules(random, MANY), rules(random, FEW));
        }

        Stream<Rules> shrink() {
            return Stream.concat(PropertyRuns.withoutOne(allows).map(fewer -> new Rules(fewer, denies)),
                    PropertyRuns.withoutOne(denies).map(fewer -> new Rules(allows, fewer)));
        }
    }

    /** A policy and a permission that may or may not hold. */
    record RulesAndWanted(List<Permission> allows, List<Permission> denies, Permission wanted) {

        static RulesAndWanted generate(Random random) {
            return new RulesAndWanted(rules(random, MANY), rules(random, FEW), rule(random));
        }

        Stream<RulesAndWanted> shrink() {
            return Stream.concat(PropertyRuns.withoutOne(allows).map(fewer -> new RulesAndWanted(fewer, denies, wanted)),
                    PropertyRuns.withoutOne(denies).map(fewer -> new RulesAndWanted(allows, fewer, wanted)));
        }
    }

    /** The rules of two policies to merge. */
    record TwoPolicies(List<Permission> allows1, List<Permission> denies1, List<Permission> allows2,
            List<Permission> denies2) {

        static TwoPolicies generate(Random random) {
            return new TwoPolicies(rules(random, MANY), rules(random, FEW), rules(random, MANY), rules(random, FEW));
        }

        Stream<TwoPolicies> shrink() {
            return Stream.of(
                    PropertyRuns.withoutOne(allows1).map(fewer -> new TwoPolicies(fewer, denies1, allows2, denies2)),
                    PropertyRuns.withoutOne(denies1).map(fewer -> new TwoPolicies(allows1, fewer, allows2, denies2)),
                    PropertyRuns.withoutOne(allows2).map(fewer -> new TwoPolicies(allows1, denies1, fewer, denies2)),
                    PropertyRuns.withoutOne(denies2).map(fewer -> new TwoPolicies(allows1, denies1, allows2, fewer)))
                    .flatMap(candidates -> candidates);
        }
    }

    /** Two rules. */
    record Pair(Permission a, Permission b) {
    }

    @Test
    void decideAgreesWithALinearScan() {
        PropertyRuns.Outcome outcome = PropertyRuns.forAll("decideAgreesWithALinearScan", Rules::generate)
                .shrinkBy(Rules::shrink)
                .check(sample -> {
                    List<Permission> allows = sample.allows();
                    List<Permission> denies = sample.denies();
                    Policy policy = Policy.of(allows, denies);
                    int[] allowed = {0};
                    forEachRequest(request -> {
                        Decision decision = policy.decide(request[0], request[1], request[2], request[3]);
                        boolean expected = referenceAllows(allows, denies, request);
                        allowed[0] += expected ? 1 : 0;
                        assertEquals(expected, decision.allowed(), () -> String.join(":", request) + " with " + policy);
                        assertEquals(String.join(":", request), decision.request());
                        if (decision.allowed()) {
                            Permission allow = decision.rule().orElseThrow();
                            assertTrue(allows.contains(allow) && referenceMatches(allow, request), decision::message);
                        } else if (decision.rule().isPresent()) {
                            Permission deny = decision.rule().get();
                            assertTrue(denies.contains(deny) && referenceMatches(deny, request), decision::message);
                        } else {
                            assertTrue(Stream.concat(allows.stream(), denies.stream())
                                    .noneMatch(r -> referenceMatches(r, request)), decision::message);
                        }
                    });
                    return allowed[0] == 0 ? "none" : allowed[0] == REQUESTS ? "all" : "some";
                });
        outcome.assertCoverage("some", p -> p > 50, "more than half the tries allow some requests and deny others");
    }

    @Test
    void holdsMeansEveryRequestOfThePermissionIsAllowed() {
        PropertyRuns.Outcome outcome = PropertyRuns.forAll("holdsMeansEveryRequestOfThePermissionIsAllowed",
                        RulesAndWanted::generate)
                .shrinkBy(RulesAndWanted::shrink)
                .check(sample -> {
                    List<Permission> allows = sample.allows();
                    List<Permission> denies = sample.denies();
                    Policy policy = Policy.of(allows, denies);
                    List<Permission> candidates = new ArrayList<>(allows);
                    candidates.add(sample.wanted());
                    for (Permission permission : candidates) {
                        boolean holds = policy.holds(permission);
                        assertEquals(referenceAllowsAll(allows, denies, permission), holds,
                                () -> permission + " with " + policy);
                        boolean byDefinition = allows.stream().anyMatch(a -> a.covers(permission))
                                && denies.stream().noneMatch(d -> d.overlaps(permission));
                        assertEquals(byDefinition, holds, () -> permission + " with " + policy);
                    }
                    return policy.holds(sample.wanted());
                });
        outcome.assertCoverage("true", p -> p > 5, "the wanted permission holds in more than 5% of the tries");
        outcome.assertCoverage("false", p -> p > 5, "the wanted permission does not hold in more than 5% of the tries");
    }

    @Test
    void mergeDecidesLikeOnePolicyOfAllTheRules() {
        PropertyRuns.forAll("mergeDecidesLikeOnePolicyOfAllTheRules", TwoPolicies::generate)
                .shrinkBy(TwoPolicies::shrink)
                .check(sample -> {
                    Policy merged = Policy.merge(Policy.of(sample.allows1(), sample.denies1()),
                            Policy.of(sample.allows2(), sample.denies2()));
                    List<Permission> allows = Stream.concat(sample.allows1().stream(), sample.allows2().stream()).toList();
                    List<Permission> denies = Stream.concat(sample.denies1().stream(), sample.denies2().stream()).toList();
                    assertEquals(allows.stream().distinct().toList(), merged.allows());
                    assertEquals(denies.stream().distinct().toList(), merged.denies());
                    forEachRequest(request -> assertEquals(referenceAllows(allows, denies, request),
                            merged.decide(request[0], request[1], request[2], request[3]).allowed(),
                            () -> String.join(":", request) + " with " + merged));
                    return null;
                });
    }

    /** Every pair of rules of the alphabet (108 * 108), against every request of the universe. */
    @Test
    void coversAndOverlapsMeanWhatTheySay() {
        List<Pair> pairs = ALL_RULES.stream().flatMap(a -> ALL_RULES.stream().map(b -> new Pair(a, b))).toList();
        PropertyRuns.Outcome outcome = PropertyRuns.forEach("coversAndOverlapsMeanWhatTheySay", pairs)
                .check(pair -> {
                    Permission a = pair.a();
                    Permission b = pair.b();
                    boolean[] everyRequestOfBMatchesA = {true};
                    boolean[] someRequestMatchesBoth = {false};
                    forEachRequest(request -> {
                        if (referenceMatches(b, request)) {
                            everyRequestOfBMatchesA[0] &= referenceMatches(a, request);
                            someRequestMatchesBoth[0] |= referenceMatches(a, request);
                        }
                        assertEquals(referenceMatches(a, request), a.matches(request[0], request[1], request[2], request[3]),
                                () -> a + " matching " + String.join(":", request));
                    });
                    assertEquals(everyRequestOfBMatchesA[0], a.covers(b), "covers");
                    assertEquals(someRequestMatchesBoth[0], a.overlaps(b), "overlaps");
                    assertEquals(a.overlaps(b), b.overlaps(a), "overlaps is symmetric");
                    return a.covers(b) ? "covers" : a.overlaps(b) ? "overlaps" : "disjoint";
                });
        outcome.assertCoverage("covers", p -> p > 0, "some pairs cover");
        outcome.assertCoverage("overlaps", p -> p > 0, "some pairs only overlap");
        outcome.assertCoverage("disjoint", p -> p > 0, "some pairs are disjoint");
    }

    /** Every rule of the alphabet. */
    @Test
    void aPermissionParsesFromWhatItPrints() {
        PropertyRuns.forEach("aPermissionParsesFromWhatItPrints", ALL_RULES).check(permission -> {
            assertEquals(permission, Permission.parse(permission.toString()));
            assertFalse(Policy.EMPTY.holds(permission));
            return null;
        });
    }

    /** A random rule: each segment one of the alphabet's literals or {@code *}, all equally likely. */
    static Permission rule(Random random) {
        return new Permission(segment(random, RULE_ACTIONS), segment(random, RULE_CLOUDS),
                segment(random, RULE_ENVIRONMENTS), segment(random, RULE_NAMES));
    }

    /**
     * 0 to {@code maxSize} random rules, the size uniform; now and then a rule repeats an earlier
     * one, so that duplicates (which count once) come up often enough.
     */
    static List<Permission> rules(Random random, int maxSize) {
        int size = random.nextInt(maxSize + 1);
        List<Permission> rules = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            rules.add(!rules.isEmpty() && random.nextInt(8) == 0 ? rules.get(random.nextInt(rules.size())) : rule(random));
        }
        return List.copyOf(rules);
    }

    private static String segment(Random random, List<String> literals) {
        int pick = random.nextInt(literals.size() + 1);
        return pick == literals.size() ? Permission.ANY : literals.get(pick);
    }

    private static List<Permission> allRules() {
        List<Permission> rules = new ArrayList<>();
        for (String action : withAny(RULE_ACTIONS)) {
            for (String cloud : withAny(RULE_CLOUDS)) {
                for (String environment : withAny(RULE_ENVIRONMENTS)) {
                    for (String name : withAny(RULE_NAMES)) {
                        rules.add(new Permission(action, cloud, environment, name));
                    }
                }
            }
        }
        return List.copyOf(rules);
    }

    private static List<String> withAny(List<String> literals) {
        List<String> values = new ArrayList<>(literals);
        values.add(Permission.ANY);
        return values;
    }

    private static List<String> requestValues(List<String> literals, String fresh) {
        List<String> values = new ArrayList<>(literals);
        values.add(fresh);
        values.add(Permission.ANY);
        return List.copyOf(values);
    }

    private static void forEachRequest(Consumer<String[]> check) {
        for (String action : REQUEST_ACTIONS) {
            for (String cloud : REQUEST_CLOUDS) {
                for (String environment : REQUEST_ENVIRONMENTS) {
                    for (String name : REQUEST_NAMES) {
                        check.accept(new String[] {action, cloud, environment, name});
                    }
                }
            }
        }
    }

    private static boolean referenceAllows(List<Permission> allows, List<Permission> denies, String[] request) {
        boolean allowed = false;
        for (Permission allow : allows) {
            allowed |= referenceMatches(allow, request);
        }
        for (Permission deny : denies) {
            if (referenceMatches(deny, request)) {
                return false;
            }
        }
        return allowed;
    }

    /** Whether every request of the universe that {@code wanted} matches is allowed. */
    private static boolean referenceAllowsAll(List<Permission> allows, List<Permission> denies, Permission wanted) {
        boolean[] all = {true};
        forEachRequest(request -> {
            if (referenceMatches(wanted, request)) {
                all[0] &= referenceAllows(allows, denies, request);
            }
        });
        return all[0];
    }

    private static boolean referenceMatches(Permission rule, String[] request) {
        String[] segments = {rule.action(), rule.cloud(), rule.environment(), rule.name()};
        for (int i = 0; i < 4; i++) {
            if (!segments[i].equals("*") && !segments[i].equals(request[i])) {
                return false;
            }
        }
        return true;
    }
}
