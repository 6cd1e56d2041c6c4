package org.labctl.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The forms a command can print its result in ({@code -o}). */
public enum OutputFormat {
    TABLE, WIDE, JSON, YAML;

    /** How users write it: {@code table}, {@code wide}, {@code json}, {@code yaml}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the output is for people (aligned text) rather than for programs. */
    public boolean human() {
        return this == TABLE || this == WIDE;
    }

    @Override
    public String toString() {
        return label();
    }

    /** Lists labels joined for messages: {@code yaml or json}. */
    public static String labels(OutputFormat... formats) {
        String joined = Arrays.stream(formats).map(OutputFormat::label).collect(Collectors.joining(", "));
        int last = joined.lastIndexOf(", ");
        return last < 0 ? joined : joined.substring(0, last) + " or " + joined.substring(last + 2);
    }

    /** Parses the lower-case labels for picocli. */
    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            for (OutputFormat format : values()) {
                if (format.label().equals(value.toLowerCase(Locale.ROOT))) {
                    return format;
                }
            }
            throw new TypeConversionException("expected " + labels(values()) + " but was '" + value + "'");
        }
    }

    /** The labels, for help and shell completion. */
    public static final class Labels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(OutputFormat::label).iterator();
        }
    }
}
