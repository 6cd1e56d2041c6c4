package org.labctl.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.labctl.api.Permission;

/**
 * What one holder (a user, through all the roles bound to them) may do: a set of allow rules and
 * a set of deny rules, compiled once into indexes and immutable afterwards, so one instance can be
 * shared by any number of threads.
 *
 * <p>The rules (DESIGN.md §4):
 * <ul>
 *   <li>A request {@code (action, cloud, environment, name)} is <b>allowed</b> only if at least
 *       one allow rule {@link Permission#matches matches} it <b>and</b> no deny rule matches it.</li>
 *   <li>A matching deny rule <b>overrides</b> every allow, whichever role either came from.</li>
 *   <li>No matching allow rule means <b>denied</b> (deny by default); the {@linkplain #EMPTY empty
 *       policy} denies everything.</li>
 *   <li>A rule matches segment by segment: {@code *} matches any value, a literal only the equal
 *       value. Request values are literals and compared exactly (no case folding); a request
 *       value {@code *} is matched only by {@code *}. An action {@code *} in a rule also matches
 *       actions that are not in {@link Permission#ACTIONS} yet.</li>
 * </ul>
 *
 * <p>Deciding costs the same whatever the number of rules: each set of rules is a tree with one
 * level per segment, literal values in hash maps and {@code *} on its own branch, and a decision
 * follows at most the literal and the {@code *} branch at each level.
 */
public final class Policy {

    /** No rules: denies every request and holds no permission. */
    public static final Policy EMPTY = new Policy(List.of(), List.of());

    /** A value no rule names (no name holds a NUL): stands for every value a segment's rules do not name. */
    private static final String UNNAMED = "\u0000";

    private final List<Permission> allows;
    private final List<Permission> denies;
    private final RuleIndex allowIndex;
    private final RuleIndex denyIndex;

    private Policy(List<Permission> allows, List<Permission> denies) {
        this.allows = allows;
        this.denies = denies;
        this.allowIndex = new RuleIndex(allows);
        this.denyIndex = new RuleIndex(denies);
    }

    /**
     * The policy of these rules; duplicates count once.
     *
     * @throws NullPointerException when a collection or a rule is null
     */
    public static Policy of(Collection<Permission> allows, Collection<Permission> denies) {
        return new Policy(distinct(List.of(allows)), distinct(List.of(denies)));
    }

    /**
     * One policy with every allow and every deny of the given ones, e.g. of all the roles bound to
     * a user. A deny from one policy overrides an allow from another.
     */
    public static Policy merge(Policy... policies) {
        return merge(List.of(policies));
    }

    /** As {@link #merge(Policy...)}. */
    public static Policy merge(Collection<Policy> policies) {
        List<Collection<Permission>> allows = new ArrayList<>();
        List<Collection<Permission>> denies = new ArrayList<>();
        for (Policy policy : policies) {
            allows.add(policy.allows);
            denies.add(policy.denies);
        }
        return new Policy(distinct(allows), distinct(denies));
    }

    /** The allow rules, without duplicates, in the order first given. */
    public List<Permission> allows() {
        return allows;
    }

    /** The deny rules, without duplicates, in the order first given. */
    public List<Permission> denies() {
        return denies;
    }

    /**
     * Decides one request: allowed if some allow rule matches and no deny rule does. When several
     * rules match, the decision names the most specific one (literals before {@code *}, compared
     * from the action on). Allocates only the returned decision.
     *
     * @return why the request is allowed (the allow rule), or why not: the deny rule that matches,
     *         or no allow rule matching (then {@link Decision#request()} is the missing permission)
     * @throws NullPointerException when a value is null
     */
    public Decision decide(String action, String cloud, String environment, String name) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(name, "name");
        Permission deny = denyIndex.match(action, cloud, environment, name);
        if (deny != null) {
            return Decision.deniedBy(deny, action, cloud, environment, name);
        }
        Permission allow = allowIndex.match(action, cloud, environment, name);
        if (allow == null) {
            return Decision.noAllowMatches(action, cloud, environment, name);
        }
        return Decision.allowedBy(allow, action, cloud, environment, name);
    }

    /**
     * Whether this policy allows every request {@code permission} matches: some allow rule
     * {@link Permission#covers covers} it and no deny rule {@link Permission#overlaps overlaps} it.
     * This is exact, not an approximation: because names (and, with {@code *}, actions) are an open
     * set, several narrower allows together never amount to a wider one.
     *
     * <p>The no-escalation rule builds on it: a caller may create or change a role only if they
     * hold each of its allows, and bind a role (to anyone, themselves included) only if they hold
     * each allow it grants.
     */
    public boolean holds(Permission permission) {
        Objects.requireNonNull(permission, "permission");
        return allowIndex.match(permission.action(), permission.cloud(), permission.environment(),
                permission.name()) != null && denyIndex.overlapping(permission) == null;
    }

    /**
     * A request that this policy allows and {@code before} does not, which {@code holder} may not do
     * either: a witness that changing a user's policy from {@code before} to this one gives them a
     * right {@code holder} lacks. Empty when every request gained is one {@code holder} may do.
     *
     * <p>Exact, not an approximation: every rule segment is a literal or {@code *}, so all values a
     * segment's rules do not name behave alike, and one value standing for them (shown as
     * {@code *} in the witness) decides for all. A gained request lies in a rule that changed (an
     * allow only this policy has, or a deny only {@code before} has), so only the points of those
     * rules are tried: binding a role costs the points of its allows, unbinding one those of its
     * denies.
     */
    public Optional<Permission> widening(Policy before, Policy holder) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(holder, "holder");
        List<Permission> changed = new ArrayList<>();
        allows.stream().filter(rule -> !before.allows.contains(rule)).forEach(changed::add);
        before.denies.stream().filter(rule -> !denies.contains(rule)).forEach(changed::add);
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        List<List<String>> domains = new ArrayList<>();
        for (int segment = 0; segment < 4; segment++) {
            Set<String> values = new LinkedHashSet<>();
            for (Policy policy : List.of(this, before, holder)) {
                for (Permission rule : policy.allows) {
                    values.add(segment(rule, segment));
                }
                for (Permission rule : policy.denies) {
                    values.add(segment(rule, segment));
                }
            }
            values.remove(Permission.ANY);
            values.add(UNNAMED);
            domains.add(List.copyOf(values));
        }
        String[] point = new String[4];
        for (Permission rule : changed) {
            Optional<Permission> found = search(rule, domains, 0, point, before, holder);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<Permission> search(Permission rule, List<List<String>> domains, int segment, String[] point,
            Policy before, Policy holder) {
        if (segment == 4) {
            if (allowed(this, point) && !allowed(before, point) && !allowed(holder, point)) {
                return Optional.of(new Permission(shown(point[0]), shown(point[1]), shown(point[2]), shown(point[3])));
            }
            return Optional.empty();
        }
        String value = segment(rule, segment);
        for (String candidate : Permission.ANY.equals(value) ? domains.get(segment) : List.of(value)) {
            point[segment] = candidate;
            Optional<Permission> found = search(rule, domains, segment + 1, point, before, holder);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static boolean allowed(Policy policy, String[] point) {
        return policy.denyIndex.match(point[0], point[1], point[2], point[3]) == null
                && policy.allowIndex.match(point[0], point[1], point[2], point[3]) != null;
    }

    private static String shown(String value) {
        return UNNAMED.equals(value) ? Permission.ANY : value;
    }

    private static String segment(Permission permission, int segment) {
        return switch (segment) {
            case 0 -> permission.action();
            case 1 -> permission.cloud();
            case 2 -> permission.environment();
            default -> permission.name();
        };
    }

    @Override
    public String toString() {
        return "Policy[allow=" + allows + ", deny=" + denies + "]";
    }

    private static List<Permission> distinct(Collection<? extends Collection<Permission>> groups) {
        LinkedHashSet<Permission> rules = new LinkedHashSet<>();
        for (Collection<Permission> group : groups) {
            for (Permission rule : group) {
                rules.add(Objects.requireNonNull(rule, "rule"));
            }
        }
        return List.copyOf(rules);
    }
}
