package org.labctl.api;

import java.util.List;
import java.util.Map;

/**
 * The most a request body may hold, field by field, checked by the bodies' own constructors (so
 * labd refuses an absurd body while it reads it, with 400, and labctl before it sends one). The
 * README lists these numbers; a body's size as a whole is bounded by labd before it is read.
 */
public final class Limits {

    /** Labels of one server or join token. */
    public static final int MAX_LABELS = 64;
    /** Allow rules, and deny rules, of one role. */
    public static final int MAX_RULES = 128;
    /** Characters of one permission rule. */
    public static final int MAX_RULE_LENGTH = 512;
    /** Characters of a name, host name, cloud, environment, kind, role, MAC address or user name. */
    public static final int MAX_NAME_LENGTH = 253;
    /** Characters of a free-text description. */
    public static final int MAX_DESCRIPTION_LENGTH = 1024;
    /** Characters of a PEM certificate signing request. */
    public static final int MAX_CSR_LENGTH = 16 * 1024;
    /** Characters of a join token. */
    public static final int MAX_TOKEN_LENGTH = 512;

    private Limits() {
    }

    /** {@code value}, unless it is longer than {@code max} characters or holds a NUL (which PostgreSQL cannot store). */
    public static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidArgument(field + " is " + value.length() + " characters long; labd takes at most " + max);
        }
        if (value != null && value.indexOf('\0') >= 0) {
            throw new InvalidArgument(field + " holds a NUL character, which labd does not take");
        }
        return value;
    }

    /** {@code values}, unless there are more than {@code max} or one is longer than {@code maxLength} characters. */
    public static List<String> texts(String field, List<String> values, int max, int maxLength) {
        if (values == null) {
            return null;
        }
        if (values.size() > max) {
            throw new InvalidArgument(field + " has " + values.size() + " entries; labd takes at most " + max);
        }
        for (String value : values) {
            text("an entry of " + field, value, maxLength);
        }
        return values;
    }

    /** {@code labels}, unless there are more than {@link #MAX_LABELS} (their keys and values: {@link Labels}). */
    public static Map<String, String> labels(String field, Map<String, String> labels) {
        if (labels != null && labels.size() > MAX_LABELS) {
            throw new InvalidArgument(field + " has " + labels.size() + " labels; labd takes at most " + MAX_LABELS);
        }
        return labels;
    }
}
