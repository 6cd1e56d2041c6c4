package org.labctl.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
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
