package org.labctl.agent.modules.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleException;

/**
 * Messages for an operator: one line, and Felix's resolver messages in words. Felix says
 * {@code Unable to resolve a [7](R 7.0): missing requirement [a [7](R 7.0)] osgi.wiring.package;
 * (&(osgi.wiring.package=org.foo)(version>=1.0.0)) ...} (with {@code [caused by: ...]} when the
 * requirement is missing further down); the words are {@code missing requirement: package org.foo
 * (version >= 1.0.0)}, naming the bundle that lacks it when that is not the one started.
 */
final class Words {

    static final int MAX_MESSAGE = 1000;
    private static final String MISSING = "missing requirement [";
    private static final Pattern RESOLVING = Pattern.compile("^(.+?) \\[\\d+\\]\\(R [^)]*\\)$");

    private Words() {
    }

    /** The text on one line (control characters as spaces), cut at {@value #MAX_MESSAGE} characters. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
    }

    /**
     * Why a bundle did not start: for a resolution failure, the requirement that is missing in words;
     * otherwise the exception's message and causes.
     *
     * @param file the bundle's file, as the module lists it
     */
    static String startFailure(String file, BundleException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.getType() == BundleException.RESOLVE_ERROR || message.contains(MISSING)) {
            String missing = missingRequirement(message);
            if (missing != null) {
                return file + " does not resolve: " + missing;
            }
            return file + " does not resolve: " + message;
        }
        return file + " does not start: " + ModuleLogFile.causes(e);
    }

    /**
     * The innermost requirement Felix names as missing, in words ({@code missing requirement: package
     * org.foo}), or null when the message has none.
     */
    static String missingRequirement(String message) {
        int at = message.lastIndexOf(MISSING);
        if (at < 0) {
            return null;
        }
        int start = at + MISSING.length();
        int close = matching(message, start - 1, '[', ']');
        if (close < 0) {
            return null;
        }
        String bundle = message.substring(start, close);
        Matcher resolving = RESOLVING.matcher(bundle);
        String symbolicName = resolving.matches() ? resolving.group(1) : bundle;
        String rest = message.substring(close + 1).stripLeading();
        int semicolon = rest.indexOf(';');
        if (semicolon < 0) {
            return null;
        }
        String namespace = rest.substring(0, semicolon).strip();
        String afterNamespace = rest.substring(semicolon + 1).stripLeading();
        int filterEnd = afterNamespace.startsWith("(") ? matching(afterNamespace, 0, '(', ')') : -1;
        String filter = filterEnd < 0 ? afterNamespace : afterNamespace.substring(0, filterEnd + 1);
        String requirement = requirement(namespace, filter);
        boolean nested = message.lastIndexOf("[caused by:") >= 0 && message.lastIndexOf("[caused by:") < at;
        return "missing requirement: " + requirement + (nested ? " (of bundle " + symbolicName + ", which it needs)" : "");
    }

    /** {@code package org.foo (version >= 1.0.0, < 2.0.0)} for a namespace and its LDAP filter. */
    private static String requirement(String namespace, String filter) {
        String kind = switch (namespace) {
            case "osgi.wiring.package" -> "package";
            case "osgi.wiring.bundle" -> "bundle";
            case "osgi.wiring.host" -> "fragment host";
            case "osgi.ee" -> "execution environment";
            case "osgi.service" -> "service";
            case "osgi.extender" -> "extender";
            default -> namespace;
        };
        Matcher name = Pattern.compile("\\(" + Pattern.quote(namespace) + "=([^)]*)\\)").matcher(filter);
        if (!name.find()) {
            return kind + " " + filter;
        }
        StringBuilder words = new StringBuilder(kind).append(' ').append(name.group(1));
        StringBuilder versions = new StringBuilder();
        Matcher lower = Pattern.compile("(?<!!)\\((?:version|bundle-version)>=([^)]*)\\)").matcher(filter);
        if (lower.find()) {
            versions.append(">= ").append(lower.group(1));
        }
        Matcher upper = Pattern.compile("\\(!\\((?:version|bundle-version)>=([^)]*)\\)\\)").matcher(filter);
        if (upper.find()) {
            versions.append(versions.length() > 0 ? ", " : "").append("< ").append(upper.group(1));
        }
        if (versions.length() > 0) {
            words.append(" (version ").append(versions).append(')');
        }
        return words.toString();
    }

    /** The index of the bracket that closes the one at {@code open}, or -1. */
    private static int matching(String text, int open, char opening, char closing) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
