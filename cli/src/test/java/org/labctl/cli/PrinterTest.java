package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrinterTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Printer printer = new Printer(new PrintWriter(out), new PrintWriter(err));

    @Test
    void tableAlignsColumnsUnderUpperCaseHeaders() {
        printer.table(List.of("name", "state"), List.of(List.of("web-1", "Running"), List.of("database-primary", "Off")));
        assertEquals("""
                NAME               STATE
                web-1              Running
                database-primary   Off
                """, out.toString());
    }

    @Test
    void tableDoesNotPadTheLastColumnAndPrintsNullAsEmpty() {
        List<String> row = new ArrayList<>(List.of("a"));
        row.add(null);
        printer.table(List.of("x", "y"), List.of(row));
        assertEquals("X   Y\na\n", out.toString());
    }

    @Test
    void fieldsAlignValues() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Server", "https://a");
        fields.put("Database", "up");
        printer.fields(fields);
        assertEquals("Server:    https://a\nDatabase:  up\n", out.toString());
    }

    @Test
    void outcomeIsOneSentenceForPeopleAndTheResourceForPrograms() {
        Map<String, String> removed = Map.of("name", "chrony");
        printer.outcome(removed, OutputFormat.TABLE, r -> "module " + r.get("name") + " removed");
        printer.outcome(removed, OutputFormat.JSON, r -> "never printed");
        assertEquals("module chrony removed\n{\n  \"name\": \"chrony\"\n}\n", out.toString());
    }

    @Test
    void jsonIsPrettyWithTwoSpacesAndArraysOneElementALine() {
        printer.document(Map.of("items", List.of(1, 2)), OutputFormat.JSON);
        assertEquals("{\n  \"items\": [\n    1,\n    2\n  ]\n}\n", out.toString());
    }

    @Test
    void yamlHasNoDocumentMarkerAndQuotesOnlyWhatWouldChangeType() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", "web-1");
        document.put("number", "1");
        document.put("flag", "true");
        document.put("list", List.of("a"));
        printer.document(document, OutputFormat.YAML);
        assertEquals("name: web-1\nnumber: \"1\"\nflag: \"true\"\nlist:\n  - a\n", out.toString());
    }

    @Test
    void progressAndErrorsGoToStderr() {
        printer.progress("waiting for labd");
        printer.error("it broke");
        assertEquals("", out.toString());
        assertEquals("waiting for labd\nerror: it broke\n", err.toString());
    }

    @Test
    void tableStreamPrintsTheHeaderOnceAndWidensForLaterRows() {
        Printer.TableStream table = printer.tableStream(List.of("name", "state"));
        table.print(List.of(List.of("web-1", "Running")));
        table.print(List.of());
        table.print(List.of(List.of("database-primary", "Off"), List.of("db-2", "On")));
        assertEquals("""
                NAME    STATE
                web-1   Running
                database-primary   Off
                db-2               On
                """, out.toString());
    }

    @Test
    void streamedRecordsAreJsonLinesOrYamlDocuments() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", "a");
        record.put("items", List.of(1, 2));
        printer.streamed(record, OutputFormat.JSON);
        printer.streamed(record, OutputFormat.JSON);
        printer.streamed(record, OutputFormat.YAML);
        assertEquals("{\"id\":\"a\",\"items\":[1,2]}\n{\"id\":\"a\",\"items\":[1,2]}\n---\nid: a\nitems:\n  - 1\n  - 2\n",
                out.toString());
    }

    @Test
    void printableEscapesWhatWouldDriveTheTerminal() {
        assertEquals("/api/v1/users/\\u001b[31mred", Printer.printable("/api/v1/users/\u001b[31mred"));
        assertEquals("a\\u000ab\\u202ec", Printer.printable("a\nb\u202ec"));
        assertEquals("café ✓", Printer.printable("café ✓"));
        assertEquals(null, Printer.printable(null));
    }
}
