package org.labctl.modules.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.labctl.api.InvalidArgument;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one reader of YAML that comes from outside labd (module.yaml, parameter values): plain data only.
 * A document is a tree of {@link Map} (keys in order), {@link List} and {@link Scalar}; anchors, aliases,
 * tags and more than one document are refused, and so are input over {@value #MAX_BYTES} bytes, text that
 * is not UTF-8, control characters, keys given twice, nesting deeper than {@value #MAX_DEPTH} and more than
 * {@value #MAX_NODES} values. Errors are {@link InvalidArgument}s that start with the source's name and say
 * where and what, in words: never a parser's class name or stack.
 */
public final class Yaml {

    /** The most bytes of one document (64 KiB). */
    public static final int MAX_BYTES = 64 * 1024;
    /** The deepest nesting of mappings and lists. */
    public static final int MAX_DEPTH = 16;
    /** The most values (mappings, lists and scalars) in one document. */
    public static final int MAX_NODES = 10_000;

    private static final YAMLFactory FACTORY = factory();

    /**
     * A scalar as written.
     *
     * @param text  its text (what a string field takes, whatever YAML makes of it: {@code 1.10}, not 1.1)
     * @param value what YAML makes of it: a {@link String}, {@link Long}, {@link java.math.BigInteger},
     *              {@link Double}, {@link Boolean}, or null for {@code null}, {@code ~} and nothing
     */
    public record Scalar(String text, Object value) {
    }

    private final String source;
    private int nodes;

    private Yaml(String source) {
        this.source = source;
    }

    /**
     * The document in {@code bytes}.
     *
     * @param source the name of what is read, which every message starts with ({@code module.yaml})
     * @return the root: a map, a list or a scalar; null for an empty document
     */
    public static Object parse(String source, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidArgument(source + " is " + bytes.length + " bytes; at most " + MAX_BYTES + " (64 KiB) are read");
        }
        return new Yaml(source).read(decode(source, bytes));
    }

    /** The document in {@code text} (which is not read from bytes: a command-line value). */
    public static Object parse(String source, String text) {
        if (text.length() > MAX_BYTES) {
            throw new InvalidArgument(source + " is " + text.length() + " characters; at most " + MAX_BYTES + " are read");
        }
        return new Yaml(source).read(text);
    }

    /** The node as plain Java: maps, lists and scalars' values; null stays null. */
    public static Object plain(Object node) {
        if (node instanceof Scalar scalar) {
            return scalar.value();
        }
        if (node instanceof List<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            list.forEach(item -> plain.add(plain(item)));
            return plain;
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> plain = new LinkedHashMap<>();
            map.forEach((key, value) -> plain.put((String) key, plain(value)));
            return plain;
        }
        return node;
    }

    /** What the node is, in a word, for messages: a mapping, a list, a number, text... */
    public static String kind(Object node) {
        if (node instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (node instanceof List<?>) {
            return "a list";
        }
        Object value = node instanceof Scalar scalar ? scalar.value() : node;
        if (value == null) {
            return "empty";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return "text";
    }

    private static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidArgument(source + " is not UTF-8 text: byte " + in.position() + " (0x"
                    + String.format(Locale.ROOT, "%02X", bytes[in.position()] & 0xff) + ") starts no UTF-8 character; save it as UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\ufeff") ? text.substring(1) : text;
    }

    private Object read(String text) {
        checkCharacters(text);
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            Object root = node(parser, first, 0);
            JsonToken next = parser.nextToken();
            if (next != null) {
                throw error(parser, "holds more than one YAML document (a second '---'); write one");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InvalidArgument(source + ": nested deeper than " + MAX_DEPTH + " levels");
        } catch (JsonProcessingException e) {
            throw syntax(e, e.getLocation());
        } catch (YAMLException e) {
            throw syntax(e, null);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    private Object node(YAMLParser parser, JsonToken token, int depth) throws IOException {
        if (++nodes > MAX_NODES) {
            throw error(parser, "holds more than " + MAX_NODES + " values");
        }
        plainOnly(parser);
        switch (token) {
            case START_OBJECT -> {
                checkDepth(parser, depth);
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    plainOnly(parser);
                    String key = parser.currentName();
                    if (map.containsKey(key)) {
                        throw error(parser, "gives " + Text.quote(key) + " twice; give each key once");
                    }
                    map.put(key, node(parser, parser.nextToken(), depth + 1));
                }
                return map;
            }
            case START_ARRAY -> {
                checkDepth(parser, depth);
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(node(parser, next, depth + 1));
                }
                return list;
            }
            case VALUE_STRING -> {
                return new Scalar(parser.getText(), parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                Number number = parser.getNumberValue();
                return new Scalar(parser.getText(), number instanceof Integer ? Long.valueOf(number.longValue()) : number);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Scalar(parser.getText(), floating(parser));
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getText(), parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return new Scalar(parser.getText() == null ? "" : parser.getText(), null);
            }
            default -> throw error(parser, "holds a value that is not plain data (" + token + "); write text, numbers, "
                    + "booleans, lists and mappings");
        }
    }

    /** A floating-point scalar; YAML's .inf and .nan are read here (they are refused later, as values). */
    private Double floating(YAMLParser parser) throws IOException {
        String text = parser.getText().toLowerCase(Locale.ROOT);
        switch (text) {
            case ".inf", "+.inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case ".nan" -> {
                return Double.NaN;
            }
            default -> {
                return parser.getDoubleValue();
            }
        }
    }

    /** Refuses what makes YAML more than data: anchors and aliases (YAML bombs), tags (typed objects). */
    private void plainOnly(YAMLParser parser) throws IOException {
        if (parser.isCurrentAlias()) {
            throw error(parser, "uses an alias (*" + parser.getText() + "); anchors and aliases are not allowed: write the value out");
        }
        if (parser.getObjectId() != null) {
            throw error(parser, "sets an anchor (&" + parser.getObjectId() + "); anchors and aliases are not allowed: "
                    + "write the value out");
        }
        if (parser.getTypeId() != null) {
            throw error(parser, "uses the tag " + Text.quote("!" + parser.getTypeId().replaceFirst("^tag:yaml.org,2002:", "!"))
                    + "; tags are not allowed: write plain values");
        }
    }

    private void checkDepth(YAMLParser parser, int depth) {
        if (depth >= MAX_DEPTH) {
            throw error(parser, "is nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void checkCharacters(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if (c != '\t' && c != '\r' && (Character.isISOControl(c) || c == '\ufffe' || c == '\uffff')) {
                throw new InvalidArgument(source + ": line " + line + ", column " + column + " holds the control character U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ", which YAML does not allow");
            }
            column++;
        }
    }

    private InvalidArgument error(JsonParser parser, String what) {
        JsonLocation at = parser.currentTokenLocation();
        return new InvalidArgument(source + ": line " + at.getLineNr() + ", column " + at.getColumnNr() + " " + what);
    }

    /** A syntax error in SnakeYAML's words (its problem and position), which hold no class names. */
    private InvalidArgument syntax(Exception e, JsonLocation location) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                Mark mark = marked.getProblemMark();
                String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
                return new InvalidArgument(source + ": " + where + "not valid YAML: " + oneLine(marked.getProblem()));
            }
        }
        String where = location == null || location.getLineNr() < 1 ? ""
                : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
        return new InvalidArgument(source + ": " + where + "not valid YAML");
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static YAMLFactory factory() {
        LoaderOptions options = new LoaderOptions();
        // true only to let read() refuse a key given twice itself, naming the key in its message
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        // aliases are refused as they come (plainOnly); this caps them should anything expand them all the same
        options.setMaxAliasesForCollections(1);
        options.setNestingDepthLimit(MAX_DEPTH + 2);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH + 2)
                        .maxStringLength(MAX_BYTES)
                        .maxNumberLength(64)
                        .maxNameLength(MAX_BYTES)
                        .build())
                .build();
    }
}
