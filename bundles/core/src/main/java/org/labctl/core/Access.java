package org.labctl.core;

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
     * A decision.
     *
     * @param allowed whether the request may go on
     * @param reason  for a denial, what is missing or which deny rule matched (safe to show the caller)
     */
    record Verdict(boolean allowed, String reason) {
        public static final Verdict ALLOWED = new Verdict(true, null);
    }
}
