package org.labctl.modules.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.labctl.api.InvalidArgument;
import org.labctl.modules.ParameterSpec.Type;

/**
 * Turns a parameter's value into the Java type its {@link Type} stands for: from YAML ({@link Yaml.Scalar}
 * trees), from JSON (maps, lists, strings, numbers, booleans) or from the text of {@code --set NAME=TEXT}.
 * Messages say what the value is and what was expected, without the parameter's name (the caller adds it).
 */
public final class Values {

    /** The most characters of a text value, and of a parameter's value given as text. */
    public static final int MAX_TEXT = 64 * 1024;
    /** The most items of a list or entries of a mapping, at any depth. */
    public static final int MAX_ENTRIES = 1024;

    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,64}");
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    /**
     * The value as {@code type}: a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or an
     * unmodifiable {@link List} or {@link Map} of such values; null stays null (no value).
     *
     * @throws InvalidArgument when it is not of that type ({@code "5" is text, not an integer})
     */
    public static Object of(Type type, Object value) {
        if (value == null || value instanceof Yaml.Scalar scalar && scalar.value() == null) {
            return null;
        }
        return switch (type) {
            case STRING -> {
                if (value instanceof Yaml.Scalar scalar) {
                    yield text(scalar.text());
                }
                if (value instanceof String text) {
                    yield text(text);
                }
                throw notA(value, "text");
            }
            case INTEGER -> {
                Object plain = scalarValue(value);
                Long integer = plain instanceof Number number ? integer(number) : null;
                if (integer == null) {
                    throw notA(value, "an integer");
                }
                yield integer;
            }
            case NUMBER -> {
                Object plain = scalarValue(value);
                if (!(plain instanceof Number number)) {
                    throw notA(value, "a number");
                }
                if (!Double.isFinite(number.doubleValue())) {
                    throw new InvalidArgument(show(value) + " is not a finite number");
                }
                yield number.doubleValue();
            }
            case BOOLEAN -> {
                if (!(scalarValue(value) instanceof Boolean bool)) {
                    throw notA(value, "a boolean (true or false)");
                }
                yield bool;
            }
            case LIST -> {
                if (!(value instanceof List<?>)) {
                    throw notA(value, "a list");
                }
                yield element(value, 0);
            }
            case MAP -> {
                if (!(value instanceof Map<?, ?>)) {
                    throw notA(value, "a mapping");
                }
                yield element(value, 0);
            }
        };
    }

    /**
     * The value that {@code --set NAME=TEXT} gives: the text itself for a string; a number for an integer or
     * number; {@code true} or {@code false}; for a list, {@code [a, b]} in YAML or items separated by commas
     * ({@code a,b}, each item text); for a mapping {@code {key: value, ...}} in YAML.
     *
     * @param source how to name the value in messages about its YAML ({@code --set servers})
     */
    public static Object fromText(Type type, String text, String source) {
        if (text.length() > MAX_TEXT) {
            throw new InvalidArgument("is " + text.length() + " characters long; at most " + MAX_TEXT);
        }
        String trimmed = text.strip();
        return switch (type) {
            case STRING -> text(text);
            case INTEGER -> {
                if (!INTEGER.matcher(trimmed).matches()) {
                    throw new InvalidArgument(Text.quote(text) + " is not an integer");
                }
                Long integer = integer(new BigInteger(trimmed.startsWith("+") ? trimmed.substring(1) : trimmed));
                if (integer == null) {
                    throw new InvalidArgument(Text.quote(text) + " is too large for an integer");
                }
                yield integer;
            }
            case NUMBER -> {
                double number = DECIMAL.matcher(trimmed).matches() ? Double.parseDouble(trimmed) : Double.NaN;
                if (!Double.isFinite(number)) {
                    throw new InvalidArgument(Text.quote(text) + " is not a number");
                }
                yield number;
            }
            case BOOLEAN -> switch (trimmed) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new InvalidArgument(Text.quote(text) + " is not a boolean (true or false)");
            };
            case LIST -> {
                if (trimmed.startsWith("[")) {
                    yield of(type, yaml(source, text));
                }
                List<Object> items = new ArrayList<>();
                if (!trimmed.isEmpty()) {
                    for (String item : trimmed.split(",", -1)) {
                        if (item.isBlank()) {
                            throw new InvalidArgument(Text.quote(text) + " has an empty item; write items separated by commas "
                                    + "(a,b) or a YAML list ([a, b])");
                        }
                        items.add(item.strip());
                    }
                }
                yield of(type, items);
            }
            case MAP -> {
                if (!trimmed.startsWith("{")) {
                    throw new InvalidArgument(Text.quote(text) + " is not a mapping; write it as {key: value, ...}");
                }
                yield of(type, yaml(source, text));
            }
        };
    }

    /** The value as a message shows it: text quoted, a number or boolean as is, a list or mapping by its size. */
    public static String show(Object value) {
        if (value instanceof Yaml.Scalar scalar) {
            return scalar.value() instanceof String || scalar.text().length() > 80 ? Text.quote(scalar.text()) : scalar.text();
        }
        if (value instanceof String text) {
            return Text.quote(text);
        }
        if (value instanceof List<?> list) {
            return "the list of " + list.size() + (list.size() == 1 ? " item" : " items");
        }
        if (value instanceof Map<?, ?> map) {
            return "the mapping of " + map.size() + (map.size() == 1 ? " entry" : " entries");
        }
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 1e15) {
            return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    private static Object yaml(String source, String text) {
        return Yaml.parse(source, text);
    }

    private static String text(String text) {
        if (text.length() > MAX_TEXT) {
            throw new InvalidArgument("is " + text.length() + " characters long; at most " + MAX_TEXT);
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidArgument("holds a NUL character, which labd does not take");
        }
        return text;
    }

    private static Object scalarValue(Object value) {
        return value instanceof Yaml.Scalar scalar ? scalar.value() : value;
    }

    /** The number as a long when it is a whole number that fits, else null. */
    private static Long integer(Number number) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.compareTo(MIN_LONG) >= 0 && big.compareTo(MAX_LONG) <= 0 ? big.longValue() : null;
        }
        return null;
    }

    /** An item of a list or mapping, at any depth, as plain unmodifiable Java values. */
    private static Object element(Object value, int depth) {
        if (depth > Yaml.MAX_DEPTH) {
            throw new InvalidArgument("is nested deeper than " + Yaml.MAX_DEPTH + " levels");
        }
        if (value instanceof Yaml.Scalar scalar) {
            return element(scalar.value(), depth);
        }
        if (value == null) {
            throw new InvalidArgument("holds an empty (null) item; give every item a value");
        }
        if (value instanceof String text) {
            return text(text);
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            Long integer = integer(number);
            if (integer != null) {
                return integer;
            }
            if (number instanceof BigInteger || !Double.isFinite(number.doubleValue())) {
                throw new InvalidArgument("holds the number " + number + ", which is out of range");
            }
            return number.doubleValue();
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_ENTRIES) {
                throw new InvalidArgument("holds a list of " + list.size() + " items; at most " + MAX_ENTRIES);
            }
            List<Object> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(element(item, depth + 1));
            }
            return Collections.unmodifiableList(items);
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() > MAX_ENTRIES) {
                throw new InvalidArgument("holds a mapping of " + map.size() + " entries; at most " + MAX_ENTRIES);
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw new InvalidArgument("holds a mapping whose key " + entry.getKey() + " is not text");
                }
                entries.put(text(key), element(entry.getValue(), depth + 1));
            }
            return Collections.unmodifiableMap(entries);
        }
        throw new InvalidArgument("holds a value that is not text, a number, a boolean, a list or a mapping");
    }

    private static InvalidArgument notA(Object value, String expected) {
        return new InvalidArgument(show(value) + " is " + kind(value) + ", not " + expected);
    }

    private static String kind(Object value) {
        Object plain = value instanceof Yaml.Scalar scalar ? scalar.value() : value;
        if (plain instanceof Number number && !(plain instanceof Double || plain instanceof Float || plain instanceof BigDecimal)) {
            return "an integer";
        }
        return Yaml.kind(plain);
    }
}
