package org.labctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labctl.api.ErrorBody;
import org.labctl.api.Failure;
import org.labctl.cli.command.LabctlCommand;
import picocli.CommandLine.Command;

/**
 * labctl's one table of exit codes ({@link ExitCode}): the README's table and the root help say the
 * same, and labd's answers and the standalone bastion's become exit codes through it alone.
 */
class ExitCodeTest {

    private static final ClientConfig CONFIG = new ClientConfig(Path.of("admin.labctl.yaml"),
            URI.create("https://127.0.0.1:8443"), "admin", null, null, null);

    @TempDir
    Path directory;

    @Test
    void everyExitCodeHasAMeaning() throws IllegalAccessException {
        Set<Integer> constants = new TreeSet<>();
        for (Field field : ExitCode.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                constants.add(field.getInt(null));
            }
        }
        assertEquals(constants, new TreeSet<>(ExitCode.meanings().keySet()));
    }

    /** The README's table: every code, in order, with its meaning and the failures of labd that give it. */
    @Test
    void theReadmeTableIsTheCliTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertTrue(Files.isRegularFile(readme), "the README is not at " + readme.toAbsolutePath());
        List<String> lines = Files.readAllLines(readme);
        int heading = indexOf(lines, 0, "**Exit codes**");
        int header = indexOf(lines, heading, "| Code | Meaning | labd's errors |");
        Map<Integer, String> meanings = new LinkedHashMap<>();
        Map<Integer, Set<String>> failures = new TreeMap<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            assertEquals(5, cells.length, "not a row of three cells: " + line);
            int code = Integer.parseInt(cells[1].strip());
            meanings.put(code, cells[2].strip());
            failures.put(code, Arrays.stream(cells[3].strip().split(" +")).filter(cell -> !cell.isEmpty())
                    .map(cell -> cell.replace("`", "")).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(List.copyOf(ExitCode.meanings().entrySet()), List.copyOf(meanings.entrySet()));

        Map<Integer, Set<String>> expected = new TreeMap<>();
        ExitCode.meanings().keySet().forEach(code -> expected.put(code, new TreeSet<>()));
        for (Failure failure : Failure.values()) {
            expected.get(ExitCode.of(failure)).add(failure.code());
        }
        assertEquals(expected, failures);
    }

    @Test
    void theRootHelpListsTheMeanings() {
        List<String> wrong = new ArrayList<>();
        for (String entry : LabctlCommand.class.getAnnotation(Command.class).exitCodeList()) {
            int colon = entry.indexOf(':');
            int code = Integer.parseInt(entry.substring(0, colon));
            if (!entry.substring(colon + 1).equals(ExitCode.meanings().get(code))) {
                wrong.add(entry + " (the table says " + ExitCode.meanings().get(code) + ")");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void labdsAnswersExitThroughTheTable() {
        for (Failure failure : Failure.values()) {
            assertEquals(ExitCode.of(failure), LabdErrors.of(failure.status(), null, "GET /api/v1/x", CONFIG).exitCode(),
                    failure.name());
        }
        assertEquals(ExitCode.TIMEOUT, LabdErrors.of(408, null, "GET /api/v1/x", CONFIG).exitCode());
        assertEquals(ExitCode.ERROR, LabdErrors.of(406, null, "GET /api/v1/x", CONFIG).exitCode());
        assertEquals(ExitCode.ERROR, LabdErrors.of(502, null, "GET /api/v1/x", CONFIG).exitCode());
    }

    /** labd's message when it sent one; else what to check, which for a status labd does not send names it. */
    @Test
    void labdsMessageOrAHelpfulOne() {
        byte[] body = new ErrorBody(403, "permission_denied", "missing exec:baremetal:lab:web-1").toJson()
                .getBytes(StandardCharsets.UTF_8);
        assertEquals("missing exec:baremetal:lab:web-1", LabdErrors.of(403, body, "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("labd rejected GET /api/v1/x as invalid", LabdErrors.of(400, null, "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("labd answered HTTP 429 to GET /api/v1/x", LabdErrors.of(429, null, "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("labd at https://127.0.0.1:8443 has no /api/v1/x: is labctl newer than labd?",
                LabdErrors.of(404, "<html>".getBytes(StandardCharsets.UTF_8), "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("labd at https://127.0.0.1:8443 is unavailable: try again shortly, and see ./lab status",
                LabdErrors.of(503, null, "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("GET /api/v1/x timed out", LabdErrors.of(504, null, "GET /api/v1/x", CONFIG).getMessage());
        assertEquals("labd answered HTTP 502 to GET /api/v1/x (labd's log has the details)",
                LabdErrors.of(502, null, "GET /api/v1/x", CONFIG).getMessage());
    }

    /** The standalone bastion answers with labd's statuses, and labctl exits for them as for labd's. */
    @Test
    void theStandaloneBastionsAnswersExitThroughTheTable() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Failure failure = Failure.valueOf(exchange.getRequestURI().getPath().substring("/machines/".length()));
            byte[] bytes = new ErrorBody(failure.status(), failure.code(), "the bastion says " + failure.code()).toJson()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(failure.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        try {
            Files.writeString(directory.resolve(StandaloneBastionClient.ADMIN_FILE),
                    "{\"port\": " + server.getAddress().getPort() + ", \"secret\": \"s\", \"pid\": 1}");
            StandaloneBastionClient bastion = StandaloneBastionClient.open(directory);
            for (Failure failure : Failure.values()) {
                LabctlException refused = assertThrows(LabctlException.class,
                        () -> bastion.forget(failure.name()));
                assertEquals(ExitCode.of(failure), refused.exitCode(), failure.name());
                assertEquals("the bastion says " + failure.code(), refused.getMessage());
            }
        } finally {
            server.stop(0);
        }
    }

    private static int indexOf(List<String> lines, int from, String start) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).startsWith(start)) {
                return i;
            }
        }
        throw new AssertionError("the README has no line starting with " + start);
    }
}
