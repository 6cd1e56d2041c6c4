package org.labctl.cli.command;

import java.time.Instant;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl describe server/NAME}: one server with its enrollment, certificate and facts. */
@Command(name = "server", aliases = "servers",
        description = {
            "Show a server, its enrollment and the facts its agent reports.",
            "Shows where the server is, its status and labels, when and with which",
            "join token it enrolled, its agent certificate, then the facts sorted by",
            "name. -o json or -o yaml prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe server/web-1",
            "  labctl describe server web-1 -o json | jq '.facts'"})
public final class DescribeServerCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", description = "The server.")
    private String name;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeServerCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        ServerDetail detail = connection.connect().server(name);
        if (!format.human()) {
            printer.document(detail, format);
            return ExitCode.OK;
        }
        Instant now = clock.instant();
        ServerInfo server = detail.server() == null
                ? new ServerInfo(name, null, null, null, null, null, null, null, null, null, null) : detail.server();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", server.name());
        fields.put("ID", UserText.orNone(server.id()));
        fields.put("Cloud", UserText.orNone(server.cloud()));
        fields.put("Environment", ServerText.environment(server.environment()));
        fields.put("Role", UserText.orNone(server.role()));
        fields.put("Status", UserText.orNone(server.status()));
        fields.put("Last seen", server.lastSeen() == null ? "never" : withRelative(server.lastSeen(), now));
        fields.put("Agent", UserText.orNone(server.agentVersion()));
        fields.put("Hostname", UserText.orNone(server.hostname()));
        fields.put("MAC", UserText.orNone(server.mac()));
        fields.put("Labels", ServerText.labels(server.labels()));
        fields.put("Enrolled at", detail.enrolledAt() == null ? UserText.NONE : withRelative(detail.enrolledAt(), now));
        fields.put("Enrolled with token", UserText.orNone(detail.enrolledWithToken()));
        fields.put("Certificate serial", UserText.orNone(detail.certificateSerial()));
        fields.put("Certificate expires", detail.certificateNotAfter() == null ? UserText.NONE
                : withRelative(detail.certificateNotAfter(), now));
        printer.fields(fields);
        printer.blankLine();
        Map<String, String> facts = ServerText.facts(detail.facts());
        if (facts.isEmpty()) {
            printer.line("Facts: " + UserText.NONE);
            return ExitCode.OK;
        }
        printer.line("Facts:");
        Map<String, String> indented = new LinkedHashMap<>();
        facts.forEach((key, value) -> indented.put("  " + key, value));
        printer.fields(indented);
        return ExitCode.OK;
    }

    /** {@code 2026-11-28T21:59:55Z (5s ago)}. */
    private static String withRelative(String iso, Instant now) {
        return iso + " (" + Times.relative(iso, now) + ")";
    }
}
