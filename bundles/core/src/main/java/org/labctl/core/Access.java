package org.labctl.core;

import java.util.List;
import org.labctl.api.Caller;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What one caller may do, as decided for one request: resource methods find it in the request
 * attribute {@link #ATTRIBUTE} (to filter listings, or to check more than their declaration).
 */
@ProviderType
public interface Access {

    /** The servlet request attribute holding the request's access. */
    String ATTRIBUTE = "org.labctl.access";

    /** Who is asking. */
    Caller caller();

    /**
     * Decides a request {@code action:cloud:environment:name} (literal values): allowed only if one
     * of the caller's allow rules matches and none of their deny rules does.
     */
    Verdict check(String action, String cloud, String environment, String name);

    /**
     * Whether every request {@code action:cloud:environment:name} stands for is allowed, {@code *}
     * segments included (some allow rule covers it and no deny rule overlaps it): {@code
     * holds("read", "*", "*", "web-1")} is true only for a caller who may read a server named web-1
     * wherever it is.
     */
    boolean holds(String action, String cloud, String environment, String name);

    /**
     * The names of the roles bound to the caller, sorted, that this access was decided with: for
     * passing the caller's groups on where another system decides too (a Kubernetes cluster's own
     * RBAC sees them as impersonated groups). Empty for agents and when the authorizer keeps no roles.
     */
    default List<String> roles() {
        return List.of();
    }

    /**
     * The access the filter put on a request (its {@link #ATTRIBUTE}).
     *
     * @throws IllegalStateException when the endpoint was not declared with {@link Requires}
     */
    static Access of(Object attribute) {
        if (attribute instanceof Access access) {
            return access;
        }
        throw new IllegalStateException("no access decision on this request: declare the endpoint with @Requires");
    }

    /** Shorthand for {@code check(...).allowed()}. */
    default boolean allows(String action, String cloud, String environment, String name) {
        return check(action, cloud, environment, name).allowed();
    }

    /**
     * Decides {@code action} on the server {@code name} so that a caller who may not read it learns
     * nothing about it: not whether it exists, nor where. The rule, in one place for the REST gate,
     * stream sessions (exec, logs, bastion calls) and {@code auth can-i}:
     * <ol>
     *   <li>a server that exists and on which {@code action} is allowed at its placement: allowed;</li>
     *   <li>one that exists and that the caller may {@code read} there: refused (403) naming its real
     *       address {@code action:cloud:environment:name};</li>
     *   <li>otherwise, unknown or not the caller's to see, the answer depends on the name alone: 404
     *       "not found" if the caller {@linkplain #holds holds} {@code read:*:*:name} (they could see
     *       any such server, so there is nothing to hide), else 403 naming {@code action:*:*:name}.</li>
     * </ol>
     * Both branches of the last step make the same decisions, so unknown and hidden servers take the
     * same time to answer as well as the same words.
     *
     * @param where           the server's placement, or null when no server has that name
     * @param wholeEnvironment whether {@code action} is checked on the server's whole environment
     *                        ({@code action:cloud:environment:*}, as for the bastion a server runs)
     *                        rather than on the server itself
     * @deprecated ask the {@link Gate} ({@code decide(caller, new Gate.Request("server", action, name))}),
     *             which applies this rule to every kind that looks its resources up; kept until exec's
     *             sessions ask the gate
     */
    @Deprecated
    default ServerVerdict server(String action, Placement where, String name, boolean wholeEnvironment) {
        String target = wholeEnvironment ? org.labctl.api.Permission.ANY : name;
        if (where != null) {
            String request = action + ":" + where.cloud() + ":" + where.environment() + ":" + target;
            Verdict verdict = check(action, where.cloud(), where.environment(), target);
            if (verdict.allowed()) {
                return ServerVerdict.allowed(request);
            }
            if (allows("read", where.cloud(), where.environment(), name)) {
                return new ServerVerdict(false, 403, request, verdict.reason() == null ? "this needs " + request : verdict.reason());
            }
        }
        String request = action + ":*:*:" + target;
        Verdict concealed = check(action, "*", "*", target);
        if (holds("read", "*", "*", name)) {
            return new ServerVerdict(false, 404, request, "server/" + name + " not found (labctl get servers lists them)");
        }
        return new ServerVerdict(false, 403, request, concealed.allowed() || concealed.reason() == null
                ? "this needs " + request : concealed.reason());
    }

    /**
     * A decision.
     *
     * @param allowed whether the request may go on
     * @param reason  for a denial, what is missing or which deny rule matched (safe to show the caller)
     */
    record Verdict(boolean allowed, String reason) {
        public static final Verdict ALLOWED = new Verdict(true, null);
    }
}
