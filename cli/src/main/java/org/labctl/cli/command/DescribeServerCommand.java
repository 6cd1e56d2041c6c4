package org.labctl.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleServerState;
import org.labctl.api.ServerDetail;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.Mappers;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl describe server/NAME}: one server with its enrollment, certificate, facts and modules. */
@Command(name = "server", aliases = "servers",
        description = {
            "Show a server, its enrollment and the facts its agent reports.",
            "Shows where the server is, its status and labels, when and with which",
            "join token it enrolled, its agent certificate, then the facts sorted by",
            "name, then, where labd runs modules, each module the server should run or",
            "still has: its version and the one labd wants there, its state, last health",
            "(status and message), error and since when, as the agent last reported it.",
            "-o json or -o yaml prints what labd returns, with \"modules\" added then."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe server/web-1",
            "  labctl describe server web-1 -o json | jq '.facts'",
            "  labctl describe server web-1 -o json | jq '.modules'"})
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
        LabdClient labd = connection.connect();
        ServerDetail detail = labd.server(name);
        List<ModuleServerState> modules = modules(labd, detail.server() == null ? name : detail.server().name());
        if (!format.human()) {
            ObjectNode document = Mappers.json().valueToTree(detail);
            if (modules != null) {
                document.set("modules", Mappers.json().valueToTree(modules));
            }
            printer.document(document, format);
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
        } else {
            printer.line("Facts:");
            Map<String, String> indented = new LinkedHashMap<>();
            facts.forEach((key, value) -> indented.put("  " + key, value));
            printer.fields(indented);
        }
        if (modules != null) {
            printer.blankLine();
            modulesTable(modules, now);
        }
        return ExitCode.OK;
    }

    /**
     * The modules on this server as its agent reported them (labctl modules status, narrowed to the server); null when
     * there is nothing to show: the modules capability is not installed in labd, or the caller may not read modules.
     */
    private static List<ModuleServerState> modules(LabdClient labd, String server) {
        try {
            return labd.moduleStatus(null).stream().filter(state -> server.equals(state.server())).toList();
        } catch (LabctlException e) {
            // 404 before the capability was ever installed, "not installed" (5) after it was, or no read:*:*:modules
            if (e.exitCode() == ExitCode.NOT_FOUND || e.exitCode() == ExitCode.UNREACHABLE
                    || e.exitCode() == ExitCode.PERMISSION_DENIED) {
                return null;
            }
            throw e;
        }
    }

    private void modulesTable(List<ModuleServerState> modules, Instant now) {
        if (modules.isEmpty()) {
            printer.line("Modules: " + UserText.NONE);
            return;
        }
        printer.line("Modules:");
        List<List<String>> rows = new ArrayList<>();
        for (ModuleServerState state : modules) {
            rows.add(List.of(state.module(), UserText.orNone(state.version()),
                    state.desired() == null ? "(removing)" : state.desired(), state.state(), ModuleText.health(state, true),
                    UserText.orNone(state.error()), state.since() == null ? UserText.NONE : Times.age(state.since(), now)));
        }
        printer.table(List.of("module", "version", "desired", "state", "health", "error", "since"), rows);
    }

    /** {@code 2026-11-28T21:59:55Z (5s ago)}. */
    private static String withRelative(String iso, Instant now) {
        return iso + " (" + Times.relative(iso, now) + ")";
    }
}
