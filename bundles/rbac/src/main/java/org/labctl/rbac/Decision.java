package org.labctl.rbac;

import java.util.Optional;
import org.labctl.api.Permission;

/**
 * What a {@link Policy} decided for one request and why: allowed by an allow rule, denied by a
 * deny rule, or denied because no allow rule matches. Immutable.
 */
public final class Decision {

    private static final int MAX_SHOWN = 63;

    private final boolean allowed;
    private final Permission rule;
    private final String action;
    private final String cloud;
    private final String environment;
    private final String name;

    private Decision(boolean allowed, Permission rule, String action, String cloud, String environment, String name) {
        this.allowed = allowed;
        this.rule = rule;
        this.action = action;
        this.cloud = cloud;
        this.environment = environment;
        this.name = name;
    }

    static Decision allowedBy(Permission allow, String action, String cloud, String environment, String name) {
        return new Decision(true, allow, action, cloud, environment, name);
    }

    static Decision deniedBy(Permission deny, String action, String cloud, String environment, String name) {
        return new Decision(false, deny, action, cloud, environment, name);
    }

    static Decision noAllowMatches(String action, String cloud, String environment, String name) {
        return new Decision(false, null, action, cloud, environment, name);
    }

    /** Whether the request may go ahead. */
    public boolean allowed() {
        return allowed;
    }

    /**
     * The rule that decided: the allow rule that matched when allowed, the deny rule that matched
     * when denied by a deny; empty when denied because no allow rule matches.
     */
    public Optional<Permission> rule() {
        return Optional.ofNullable(rule);
    }

    /**
     * The request as a permission, {@code action:cloud:environment:name}: when no allow rule
     * matches, the permission that is missing.
     */
    public String request() {
        return action + ':' + cloud + ':' + environment + ':' + name;
    }

    /**
     * One line for a person, naming the request and the rule, or the missing permission, e.g.
     * {@code missing permission exec:baremetal:lab:web-1: no allow rule matches it}. Request values
     * are shortened and escaped so that a hostile name cannot reach a terminal unchanged.
     */
    public String message() {
        String request = shown(action) + ':' + shown(cloud) + ':' + shown(environment) + ':' + shown(name);
        if (allowed) {
            return request + " is allowed by " + rule;
        }
        if (rule != null) {
            return request + " is denied by the deny rule " + rule;
        }
        return "missing permission " + request + ": no allow rule matches it";
    }

    @Override
    public String toString() {
        return message();
    }

    private static String shown(String value) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < value.length() && shown.length() < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                shown.append(c);
            } else {
                shown.append(String.format("\\u%04x", (int) c));
            }
        }
        return i < value.length() ? shown.append("...").toString() : shown.toString();
    }
}
