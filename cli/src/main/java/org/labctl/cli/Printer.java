package org.labctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * All command output goes through here: aligned text for people, stable JSON and YAML for
 * programs (DESIGN.md §3, STYLE rule 12). Results go to stdout; progress goes to stderr so
 * that it never mixes with what a script parses.
 */
public final class Printer {

    /** Space between table columns, as kubectl leaves it. */
    private static final String COLUMN_GAP = "   ";

    private final PrintWriter out;
    private final PrintWriter err;

    public Printer(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** One line of human output. */
    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Text printed as it is, such as a generated script that ends with its own newline. */
    public void text(String text) {
        out.print(text);
        out.flush();
    }

    /** An empty line, between blocks of human output. */
    public void blankLine() {
        line("");
    }

    /** Labelled values with the values aligned: {@code Server:    https://…}. */
    public void fields(Map<String, String> labelledValues) {
        int width = labelledValues.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        labelledValues.forEach((label, value) -> line(pad(label + ":", width) + "  " + (value == null ? "" : value)));
    }

    /** A table with upper-case headers and left-aligned columns; the last column is not padded. */
    public void table(List<String> headers, List<List<String>> rows) {
        tableStream(headers).print(rows);
    }

    /**
     * A table printed a batch of rows at a time, such as the rows of a log being followed: the
     * header comes with the first batch, and each batch widens the columns to fit its rows (lines
     * already printed stay as they were).
     */
    public TableStream tableStream(List<String> headers) {
        return new TableStream(headers);
    }

    /** See {@link #tableStream}. */
    public final class TableStream {

        private final List<String> headers;
        private final int[] widths;
        private boolean headerPrinted;

        private TableStream(List<String> headers) {
            this.headers = headers.stream().map(header -> header.toUpperCase(Locale.ROOT)).toList();
            this.widths = new int[headers.size()];
        }

        /** Prints {@code rows}, after the header when it has not been printed yet. */
        public void print(List<List<String>> rows) {
            List<List<String>> cells = new ArrayList<>();
            if (!headerPrinted) {
                cells.add(headers);
            }
            for (List<String> row : rows) {
                cells.add(row.stream().map(cell -> cell == null ? "" : cell).toList());
            }
            for (List<String> row : cells) {
                for (int column = 0; column < widths.length; column++) {
                    widths[column] = Math.max(widths[column], row.get(column).length());
                }
            }
            for (List<String> row : cells) {
                StringBuilder text = new StringBuilder();
                for (int column = 0; column < widths.length; column++) {
                    boolean last = column == widths.length - 1;
                    text.append(last ? row.get(column) : pad(row.get(column), widths[column]) + COLUMN_GAP);
                }
                line(text.toString().stripTrailing());
            }
            headerPrinted = true;
        }
    }

    /** {@code value} as JSON or YAML; their field order is the record's, so scripts see a stable document. */
    public void document(Object value, OutputFormat format) {
        write(value, format, false);
    }

    /**
     * One record of a stream that programs read as it grows: a line of JSON (JSON Lines) or a YAML
     * document that starts with {@code ---}.
     */
    public void streamed(Object record, OutputFormat format) {
        write(record, format, true);
    }

    private void write(Object value, OutputFormat format, boolean streamed) {
        try {
            switch (format) {
                case JSON -> line(streamed ? Mappers.json().writeValueAsString(value)
                        : Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(value));
                case YAML -> {
                    out.print((streamed ? "---\n" : "") + Mappers.yaml().writeValueAsString(value));
                    out.flush();
                }
                default -> throw new IllegalArgumentException(format + " is not a document format");
            }
        } catch (JsonProcessingException e) {
            throw new LabctlException(ExitCode.ERROR, "cannot print " + format + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * What a command that changes one resource prints: the resource as labd answered for programs,
     * else one sentence for people that says what was done.
     */
    public <T> void outcome(T result, OutputFormat format, Function<T, String> sentence) {
        if (format.human()) {
            line(sentence.apply(result));
        } else {
            document(result, format);
        }
    }

    /**
     * What {@code get} prints for one named resource: a one-row table for people, else the document
     * itself rather than a list of one, so scripts asking for a NAME read an object.
     */
    public <T> void one(T item, OutputFormat format, TableRenderer<T> table) {
        if (format.human()) {
            table.print(List.of(item), format == OutputFormat.WIDE);
        } else {
            document(item, format);
        }
    }

    /**
     * What {@code get} prints for a list: the document for programs, else a table, or
     * {@code No <kind> found.} on stderr so that an empty table never looks like a result.
     *
     * @param kind the plural name of the resources, such as {@code users}
     */
    public <T> void list(List<T> items, OutputFormat format, String kind, TableRenderer<T> table) {
        if (!format.human()) {
            document(items, format);
        } else if (items.isEmpty()) {
            progress("No " + kind + " found.");
        } else {
            table.print(items, format == OutputFormat.WIDE);
        }
    }

    /** Prints resources as a table; {@code wide} is {@code -o wide}, which adds columns. */
    @FunctionalInterface
    public interface TableRenderer<T> {
        void print(List<T> items, boolean wide);
    }

    /** A note about long work in progress, on stderr. */
    public void progress(String text) {
        err.println(text);
        err.flush();
    }

    /** A problem that does not stop the output, as {@code error: <message>} on stderr. */
    public void error(String message) {
        err.println("error: " + message);
        err.flush();
    }

    /**
     * {@code text} with control and format characters written as {@code \\uXXXX}: a value that
     * came from elsewhere, such as a request path in the audit log, cannot drive the terminal.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder printable = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                printable.append(String.format("\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
