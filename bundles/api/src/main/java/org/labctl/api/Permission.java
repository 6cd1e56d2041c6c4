package org.labctl.api;

import java.util.List;

/**
 * One RBAC rule, {@code action:cloud:environment:name} (DESIGN.md §4), parsed the same way by
 * labd and labctl.
 *
 * <p>The grammar: exactly four segments separated by {@code :}, each either {@code *} (the
 * whole segment, every value) or a literal.
 * <ul>
 *   <li>The action is one of {@link #ACTIONS} ({@code read, exec, apply, destroy, manage, admin,
 *       kubectl}) or {@code *}, which also stands for actions added later.</li>
 *   <li>The cloud, environment and name are names: 1 to 63 characters, lower-case letters,
 *       digits, {@code .}, {@code _} and {@code -}, starting with a letter or digit. That holds
 *       every cloud, environment, server and user name labd accepts.</li>
 *   <li>The environment may also be {@link #NO_ENVIRONMENT} ({@code -}): a server that is in a
 *       cloud but in no environment is addressed {@code action:cloud:-:name}, and a rule names
 *       such servers the same way ({@code exec:baremetal:-:vm}). No environment name can be
 *       {@code -}, so it never stands for a real one.</li>
 *   <li>Nothing else: no partial wildcards ({@code web-*}), no upper case, no blanks, no
 *       trimming. A valid permission's {@link #toString()} is exactly the text it was parsed
 *       from.</li>
 * </ul>
 *
 * <p>Matching is segment by segment: {@code *} matches any value, a literal only itself. A request
 * value is always a literal, so a request for the name {@code *} is matched only by a {@code *}
 * in that segment.
 *
 * @param action      one of {@link #ACTIONS} or {@code *}
 * @param cloud       a cloud name or {@code *}
 * @param environment an environment name or {@code *}
 * @param name        a resource name (server, cluster, app) or {@code *}
 */
public record Permission(String action, String cloud, String environment, String name) {

    /** The wildcard: a whole segment, any value. */
    public static final String ANY = "*";

    /**
     * The environment segment of a resource that is in no environment (a server enrolled into a
     * cloud only): no environment name can be spelled like this.
     */
    public static final String NO_ENVIRONMENT = "-";

    /** The actions a permission can name besides {@code *}. */
    public static final List<String> ACTIONS = List.of("read", "exec", "apply", "destroy", "manage", "admin", "kubectl");

    /** The grammar as error messages state it. */
    public static final String GRAMMAR =
            "expected action:cloud:environment:name (each a name or *; environment - for none), e.g. exec:baremetal:lab:*";

    private static final String NAME_RULE =
            "a name is 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    private static final String[] SEGMENTS = {"action", "cloud", "environment", "name"};
    private static final int MAX_NAME = 63;
    private static final int MAX_SHOWN = 80;

    /** Checks every segment; throws {@link InvalidArgument} naming the first bad one. */
    public Permission {
        String text = join(action, cloud, environment, name);
        checkAction(text, action);
        checkName(text, 2, cloud);
        if (!NO_ENVIRONMENT.equals(environment)) {
            checkName(text, 3, environment);
        }
        checkName(text, 4, name);
    }

    /**
     * The permission {@code text} spells.
     *
     * @throws InvalidArgument when {@code text} is not {@code action:cloud:environment:name}; the
     *                         message shows the bad segment (position, role, value) and the grammar
     */
    public static Permission parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidArgument("permission is empty; " + GRAMMAR);
        }
        String[] segments = text.split(":", -1);
        if (segments.length != 4) {
            throw new InvalidArgument("permission " + quote(text) + " has " + segments.length + " segment"
                    + (segments.length == 1 ? "" : "s") + "; " + GRAMMAR);
        }
        return new Permission(segments[0], segments[1], segments[2], segments[3]);
    }

    /** Whether this permission matches the request; request values are literals, compared exactly. */
    public boolean matches(String action, String cloud, String environment, String name) {
        return segmentMatches(this.action, action) && segmentMatches(this.cloud, cloud)
                && segmentMatches(this.environment, environment) && segmentMatches(this.name, name);
    }

    /**
     * Whether every request {@code other} matches is matched by this: in each segment this is
     * {@code *} or equal to {@code other}'s. Reflexive and transitive.
     */
    public boolean covers(Permission other) {
        return segmentMatches(action, other.action) && segmentMatches(cloud, other.cloud)
                && segmentMatches(environment, other.environment) && segmentMatches(name, other.name);
    }

    /**
     * Whether some request matches both this and {@code other}: in each segment they are equal or
     * one is {@code *}. Symmetric.
     */
    public boolean overlaps(Permission other) {
        return segmentsOverlap(action, other.action) && segmentsOverlap(cloud, other.cloud)
                && segmentsOverlap(environment, other.environment) && segmentsOverlap(name, other.name);
    }

    /** {@code action:cloud:environment:name}, which {@link #parse(String)} reads back. */
    @Override
    public String toString() {
        return join(action, cloud, environment, name);
    }

    private static boolean segmentMatches(String rule, String value) {
        return ANY.equals(rule) || rule.equals(value);
    }

    private static boolean segmentsOverlap(String a, String b) {
        return ANY.equals(a) || ANY.equals(b) || a.equals(b);
    }

    private static String join(String action, String cloud, String environment, String name) {
        return action + ':' + cloud + ':' + environment + ':' + name;
    }

    private static void checkAction(String text, String action) {
        if (action != null && (ANY.equals(action) || ACTIONS.contains(action))) {
            return;
        }
        checkPresent(text, 1, action);
        String why = action.indexOf('*') >= 0 ? partialWildcard() : "is not an action; an action is one of "
                + String.join(", ", ACTIONS) + " or *";
        throw invalid(text, 1, action, why);
    }

    private static void checkName(String text, int position, String value) {
        checkPresent(text, position, value);
        if (ANY.equals(value)) {
            return;
        }
        if (value.indexOf('*') >= 0) {
            throw invalid(text, position, value, partialWildcard());
        }
        if (value.length() > MAX_NAME) {
            throw invalid(text, position, value, "has " + value.length() + " characters; " + NAME_RULE);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean letterOrDigit = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!letterOrDigit && (i == 0 || c != '.' && c != '_' && c != '-')) {
                throw invalid(text, position, value, "has " + (i == 0 ? "the first " : "") + "character "
                        + quote(String.valueOf(c)) + " at " + (i + 1) + "; " + NAME_RULE);
            }
        }
    }

    private static void checkPresent(String text, int position, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidArgument("permission " + quote(text) + ": segment " + position + " ("
                    + SEGMENTS[position - 1] + ") is empty; " + GRAMMAR);
        }
    }

    private static String partialWildcard() {
        return "is a partial wildcard; * stands alone for a whole segment";
    }

    private static InvalidArgument invalid(String text, int position, String value, String why) {
        return new InvalidArgument("permission " + quote(text) + ": segment " + position + " ("
                + SEGMENTS[position - 1] + ") " + quote(value) + " " + why + "; " + GRAMMAR);
    }

    /** The value in quotes, shortened and with control and non-ASCII characters escaped, safe for a terminal. */
    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("'");
        int i = 0;
        for (; i < value.length() && quoted.length() <= MAX_SHOWN; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                quoted.append(c);
            } else {
                quoted.append(String.format("\\u%04x", (int) c));
            }
        }
        if (i < value.length()) {
            quoted.append("...(").append(value.length()).append(" characters)");
        }
        return quoted.append('\'').toString();
    }
}
