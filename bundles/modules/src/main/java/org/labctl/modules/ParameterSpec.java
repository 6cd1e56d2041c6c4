package org.labctl.modules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Limits;
import org.labctl.modules.internal.BoundedMatch;
import org.labctl.modules.internal.Text;
import org.labctl.modules.internal.Values;

/**
 * One parameter of a module, as {@code module.yaml}'s {@code parameters} declare it: its type, default and
 * constraints. The constructor checks the declaration (a default that breaks its own constraints, a pattern
 * on a number...); {@link #check} checks a value against it. Messages name the field as
 * {@code parameters.NAME.FIELD}.
 *
 * @param name          the parameter's name: a letter, then letters, digits, '_' and '-', at most 63
 * @param type          the type of its values
 * @param defaultValue  the value when none is given (of the type, within the constraints), or null for none
 * @param required      whether a value must be given (then there is no default)
 * @param description   what it sets, for {@code modules describe} (may be empty)
 * @param allowedValues {@code enum}: the only values allowed (string, integer and number parameters), or
 *                      empty for any
 * @param pattern       a regular expression the whole of a string value must match, or null
 * @param min           the least value of an integer or number, the fewest characters of a string, items of
 *                      a list or entries of a mapping; or null
 * @param max           the greatest, likewise; or null
 * @param secret        whether the value is a secret (a string without a default or enum): labd seals it at rest,
 *                      shows it nowhere (describe, answers, audit, logs) and sends it only to the agents the module
 *                      targets
 */
public record ParameterSpec(String name, Type type, Object defaultValue, boolean required, String description,
                            List<Object> allowedValues, String pattern, Number min, Number max, boolean secret) {

    /** The types of parameter values, and the Java type each becomes. */
    public enum Type {
        /** A {@link String}. */
        STRING,
        /** A {@link Long}. */
        INTEGER,
        /** A {@link Double} (an integer is taken as well). */
        NUMBER,
        /** A {@link Boolean}. */
        BOOLEAN,
        /** A {@link List} of strings, numbers, booleans, lists and mappings. */
        LIST,
        /** A {@link Map} from text to strings, numbers, booleans, lists and mappings. */
        MAP;

        /** As {@code module.yaml} writes it: {@code string}, {@code integer}... */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type {@code module.yaml} names, or null. */
        public static Type named(String name) {
            for (Type type : values()) {
                if (type.toString().equals(name)) {
                    return type;
                }
            }
            return null;
        }
    }

    /** A parameter's name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");
    /** The most characters of a pattern. */
    public static final int MAX_PATTERN = 512;
    /** The most values of an {@code enum}. */
    public static final int MAX_ALLOWED_VALUES = 256;

    private static final String TYPES = "one of string, integer, number, boolean, list, map";

    /** Checks the declaration; throws {@link InvalidArgument} naming the field ({@code parameters.port.max}). */
    public ParameterSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidArgument("parameters: " + Text.quote(name) + " is not a parameter name: a letter, then letters, "
                    + "digits, '_' and '-', at most 63 characters");
        }
        String field = "parameters." + name;
        if (type == null) {
            throw new InvalidArgument(field + ".type: missing; " + TYPES);
        }
        description = description == null ? "" : description;
        if (description.length() > Limits.MAX_DESCRIPTION_LENGTH) {
            throw new InvalidArgument(field + ".description: " + description.length() + " characters; at most "
                    + Limits.MAX_DESCRIPTION_LENGTH);
        }
        if (pattern != null) {
            if (type != Type.STRING) {
                throw new InvalidArgument(field + ".pattern: only a string parameter has a pattern, not " + article(type));
            }
            if (pattern.length() > MAX_PATTERN) {
                throw new InvalidArgument(field + ".pattern: " + pattern.length() + " characters; at most " + MAX_PATTERN);
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new InvalidArgument(field + ".pattern: " + Text.quote(pattern) + " is not a regular expression: "
                        + e.getDescription() + (e.getIndex() < 0 ? "" : " near character "
                        + Math.min(e.getIndex() + 1, pattern.length())));
            }
        }
        min = bound(field + ".min", type, min);
        max = bound(field + ".max", type, max);
        if (min != null && max != null && compare(min, max) > 0) {
            throw new InvalidArgument(field + ": min " + Values.show(min) + " is more than max " + Values.show(max));
        }
        allowedValues = allowedValues == null ? List.of() : allowedValues;
        if (!allowedValues.isEmpty()) {
            if (type != Type.STRING && type != Type.INTEGER && type != Type.NUMBER) {
                throw new InvalidArgument(field + ".enum: only string, integer and number parameters have an enum, not "
                        + article(type));
            }
            if (allowedValues.size() > MAX_ALLOWED_VALUES) {
                throw new InvalidArgument(field + ".enum: " + allowedValues.size() + " values; at most " + MAX_ALLOWED_VALUES);
            }
            List<Object> allowed = new ArrayList<>();
            for (int i = 0; i < allowedValues.size(); i++) {
                Object value;
                try {
                    value = Values.of(type, allowedValues.get(i));
                    if (value == null) {
                        throw new InvalidArgument("is empty");
                    }
                    constraints(type, value, pattern, min, max);
                } catch (InvalidArgument e) {
                    throw new InvalidArgument(field + ".enum[" + i + "]: " + e.getMessage());
                }
                if (contains(allowed, value)) {
                    throw new InvalidArgument(field + ".enum: " + Values.show(value) + " is given twice");
                }
                allowed.add(value);
            }
            allowedValues = List.copyOf(allowed);
        }
        if (secret) {
            if (type != Type.STRING) {
                throw new InvalidArgument(field + ".secret: only a string parameter is a secret, not " + article(type));
            }
            if (defaultValue != null) {
                throw new InvalidArgument(field + ": a secret with a default: module.yaml is no place for a secret "
                        + "(anyone who reads the module reads it); drop the default and give the value when adding the module");
            }
            if (!allowedValues.isEmpty()) {
                throw new InvalidArgument(field + ": a secret with an enum: its values would be public; drop one of them");
            }
        }
        if (defaultValue != null) {
            if (required) {
                throw new InvalidArgument(field + ": required and with a default: a required parameter must be given, so "
                        + "its default would never be used; drop one of them");
            }
            try {
                defaultValue = Values.of(type, defaultValue);
                if (defaultValue != null) {
                    constraints(type, defaultValue, pattern, min, max);
                    allowed(type, defaultValue, allowedValues);
                }
            } catch (InvalidArgument e) {
                throw new InvalidArgument(field + ".default: " + e.getMessage());
            }
        }
    }

    /** A parameter that is not a secret. */
    public ParameterSpec(String name, Type type, Object defaultValue, boolean required, String description,
                         List<Object> allowedValues, String pattern, Number min, Number max) {
        this(name, type, defaultValue, required, description, allowedValues, pattern, min, max, false);
    }

    /**
     * The value, as the parameter's type has it ({@link Type}), once it is of the type and within every
     * constraint; null when the value is null.
     *
     * @param value a value from JSON (a string, number, boolean, list or map) or an already checked one
     * @throws InvalidArgument naming the parameter and what is wrong ({@code port: 70000 is more than the
     *                         maximum 65535})
     */
    public Object check(Object value) {
        if (secret && value != null && !(value instanceof String)) {
            throw new InvalidArgument(name + ": a secret is text, not " + (value instanceof Number ? "a number"
                    : value instanceof Boolean ? "a boolean" : "a list or mapping"));
        }
        try {
            return checked(Values.of(type, value));
        } catch (InvalidArgument e) {
            throw new InvalidArgument(name + ": " + e.getMessage());
        }
    }

    /**
     * The value that {@code --set NAME=TEXT} gives, checked: the text of a string; a number; {@code true} or
     * {@code false}; a list as {@code a,b} or {@code [a, b]}; a mapping as {@code {key: value}}.
     *
     * @throws InvalidArgument naming the parameter and what is wrong
     */
    public Object parse(String text) {
        try {
            return checked(Values.fromText(type, text, "--set " + name));
        } catch (InvalidArgument e) {
            String message = e.getMessage();
            throw new InvalidArgument(message.startsWith("--set " + name + ":") ? message : name + ": " + message);
        }
    }

    private Object checked(Object value) {
        if (value != null) {
            // a secret's value is never shown, not even in the message that refuses it
            constraints(type, value, secret ? "the secret" : Values.show(value), pattern, min, max);
            allowed(type, value, allowedValues);
        }
        return value;
    }

    private static void constraints(Type type, Object value, String pattern, Number min, Number max) {
        constraints(type, value, Values.show(value), pattern, min, max);
    }

    private static void constraints(Type type, Object value, String shown, String pattern, Number min, Number max) {
        switch (type) {
            case INTEGER, NUMBER -> {
                if (min != null && compare((Number) value, min) < 0) {
                    throw new InvalidArgument(shown + " is less than the minimum " + Values.show(min));
                }
                if (max != null && compare((Number) value, max) > 0) {
                    throw new InvalidArgument(shown + " is more than the maximum " + Values.show(max));
                }
            }
            case STRING -> {
                String text = (String) value;
                int length = text.codePointCount(0, text.length());
                size(shown + " is " + length + (length == 1 ? " character" : " characters") + " long", length, min, max);
                if (pattern != null && !BoundedMatch.matches(Pattern.compile(pattern), text)) {
                    throw new InvalidArgument(shown + " does not match the pattern " + pattern);
                }
            }
            case LIST -> {
                int size = ((List<?>) value).size();
                size("the list has " + size + (size == 1 ? " item" : " items"), size, min, max);
            }
            case MAP -> {
                int size = ((Map<?, ?>) value).size();
                size("the mapping has " + size + (size == 1 ? " entry" : " entries"), size, min, max);
            }
            case BOOLEAN -> {
            }
        }
    }

    private static void size(String what, long size, Number min, Number max) {
        if (min != null && size < min.longValue()) {
            throw new InvalidArgument(what + "; at least " + min);
        }
        if (max != null && size > max.longValue()) {
            throw new InvalidArgument(what + "; at most " + max);
        }
    }

    private static void allowed(Type type, Object value, List<Object> allowedValues) {
        if (!allowedValues.isEmpty() && !contains(allowedValues, value)) {
            List<String> shown = new ArrayList<>();
            allowedValues.forEach(allowed -> shown.add(Values.show(allowed)));
            throw new InvalidArgument(Values.show(value) + " is not one of " + String.join(", ", shown));
        }
    }

    private static boolean contains(Collection<Object> values, Object value) {
        for (Object candidate : values) {
            if (candidate instanceof Number a && value instanceof Number b ? compare(a, b) == 0 : candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A min or max as the type takes it: the type's own number, or a count (a whole number, not negative). */
    private static Number bound(String field, Type type, Number bound) {
        if (bound == null) {
            return null;
        }
        switch (type) {
            case BOOLEAN -> throw new InvalidArgument(field + ": a boolean parameter has no bounds");
            case NUMBER -> {
                try {
                    return (Number) Values.of(Type.NUMBER, bound);
                } catch (InvalidArgument e) {
                    throw new InvalidArgument(field + ": " + e.getMessage());
                }
            }
            default -> {
                Long whole;
                try {
                    whole = (Long) Values.of(Type.INTEGER, bound);
                } catch (InvalidArgument e) {
                    throw new InvalidArgument(field + ": " + e.getMessage());
                }
                if (type != Type.INTEGER && whole < 0) {
                    throw new InvalidArgument(field + ": " + whole + " is negative; it counts the "
                            + (type == Type.STRING ? "characters of the text" : type == Type.LIST ? "items of the list"
                            : "entries of the mapping"));
                }
                return whole;
            }
        }
    }

    private static int compare(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static String article(Type type) {
        return (type == Type.INTEGER ? "an " : "a ") + type;
    }
}
