package org.labctl.rbac;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.labctl.api.Permission;

/**
 * A set of rules as a four-level tree, one level per segment (action, cloud, environment, name):
 * each node maps literal values to children and has one more child for {@code *}. A lookup
 * follows, at each level, the child for the request's value and the {@code *} child, so it
 * visits at most 2 + 4 + 8 + 16 nodes whatever the number of rules, with one hash lookup per
 * visited inner node, and allocates nothing. Built once, never changed afterwards.
 */
final class RuleIndex {

    private static final int LEAF = 4;

    private final Node root = new Node();

    RuleIndex(Collection<Permission> rules) {
        for (Permission rule : rules) {
            Node node = root;
            for (int depth = 0; depth < LEAF; depth++) {
                node = node.child(segment(rule, depth));
            }
            node.rule = rule;
        }
    }

    /**
     * A rule matching the request, or null. Request values are literals ({@code *} is looked up
     * as a value that only {@code *} rules match), so for a permission's segments this finds a
     * rule that {@link Permission#covers covers} it. Literal branches are tried first: the rule
     * found is the most specific one, segment by segment from the action on.
     */
    Permission match(String action, String cloud, String environment, String name) {
        return match(root, 0, action, cloud, environment, name);
    }

    /** A rule that {@link Permission#overlaps overlaps} {@code permission}, or null. */
    Permission overlapping(Permission permission) {
        return overlapping(root, 0, permission);
    }

    private static Permission match(Node node, int depth, String action, String cloud, String environment,
            String name) {
        if (depth == LEAF) {
            return node.rule;
        }
        if (!node.literals.isEmpty()) {
            String value = depth == 0 ? action : depth == 1 ? cloud : depth == 2 ? environment : name;
            Node literal = node.literals.get(value);
            if (literal != null) {
                Permission found = match(literal, depth + 1, action, cloud, environment, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return node.any == null ? null : match(node.any, depth + 1, action, cloud, environment, name);
    }

    private static Permission overlapping(Node node, int depth, Permission permission) {
        if (depth == LEAF) {
            return node.rule;
        }
        String value = segment(permission, depth);
        if (Permission.ANY.equals(value)) {
            for (Node literal : node.literals.values()) {
                Permission found = overlapping(literal, depth + 1, permission);
                if (found != null) {
                    return found;
                }
            }
        } else {
            Node literal = node.literals.get(value);
            Permission found = literal == null ? null : overlapping(literal, depth + 1, permission);
            if (found != null) {
                return found;
            }
        }
        return node.any == null ? null : overlapping(node.any, depth + 1, permission);
    }

    private static String segment(Permission permission, int depth) {
        return switch (depth) {
            case 0 -> permission.action();
            case 1 -> permission.cloud();
            case 2 -> permission.environment();
            default -> permission.name();
        };
    }

    private static final class Node {
        private final Map<String, Node> literals = new HashMap<>();
        private Node any;
        private Permission rule;

        Node child(String value) {
            if (Permission.ANY.equals(value)) {
                if (any == null) {
                    any = new Node();
                }
                return any;
            }
            return literals.computeIfAbsent(value, v -> new Node());
        }
    }
}
