package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleServerState;
import org.labctl.api.ServerInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl get servers}: the enrolled servers, narrowed by cloud, environment and labels; or one of them. */
@Command(name = "servers", aliases = "server",
        description = {
            "List the servers enrolled by lab-agent.",
            "Shows where each server is (CLOUD/ENV), its role, status, when its agent",
            "last reported, the agent's version and, where modules are installed, how",
            "many of the modules it should run it reports ready (MODULES, 2/3 ready).",
            "--cloud, --env and -l narrow the list, as for exec and logs; labd does the",
            "filtering. -o wide adds the id, hostname, MAC address and labels; -o json or",
            "-o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get servers",
            "  labctl get servers --env lab -l rack=r1 -o wide",
            "  labctl get servers -l rack=r1,tier=gold",
            "  labctl get server/web-1",
            "  labctl get servers --cloud baremetal -o json | jq -r '.[].name'"})
public final class GetServersCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;
    /** Each server's modules as "2/3 ready", by server name; null when labd has no modules (or shows the caller none). */
    private Map<String, String> modules;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Show only this server.")
    private String name;

    /** -l, --env and --cloud narrow the list. */
    @Mixin
    private ServerSelection selection;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetServersCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        Map<String, String> labels = selection.labels(message -> new ParameterException(spec.commandLine(), message));
        if (name != null && selection.any()) {
            throw new ParameterException(spec.commandLine(),
                    "NAME picks one server: leave out -l, --env and --cloud, or the NAME");
        }
        LabdClient labd = connection.connect();
        if (format.human()) {
            modules = modules(labd);
        }
        if (name != null) {
            ServerInfo server = labd.server(name).server();
            printer.one(server, format, this::table);
            return ExitCode.OK;
        }
        List<String> pairs = new ArrayList<>();
        labels.forEach((key, value) -> pairs.add(key + "=" + value));
        printer.list(labd.servers(selection.cloud(), selection.environment(), pairs), format, "servers", this::table);
        return ExitCode.OK;
    }

    /**
     * How many of its modules each server reports ready, from the fleet view of modules; null (no column) when there are
     * none to show: no module installed, the modules capability not installed, or no read:*:*:modules.
     */
    private static Map<String, String> modules(LabdClient labd) {
        List<ModuleServerState> states;
        try {
            states = labd.moduleStatus(null);
        } catch (LabctlException unavailable) {
            return null;
        }
        Map<String, int[]> counts = new java.util.HashMap<>();
        for (ModuleServerState state : states) {
            if (state.desired() != null) {
                int[] count = counts.computeIfAbsent(state.server(), server -> new int[2]);
                count[1]++;
                count[0] += ModuleText.ready(state) ? 1 : 0;
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        Map<String, String> shown = new java.util.HashMap<>();
        counts.forEach((server, count) -> shown.put(server, count[0] + "/" + count[1] + " ready"));
        return shown;
    }

    private void table(List<ServerInfo> servers, boolean wide) {
        Instant now = clock.instant();
        List<String> headers = new ArrayList<>(List.of("name", "environment", "role", "status", "last-seen", "agent"));
        if (modules != null) {
            headers.add("modules");
        }
        if (wide) {
            headers.addAll(List.of("id", "hostname", "mac", "labels"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (ServerInfo server : servers) {
            List<String> row = new ArrayList<>(List.of(server.name(), ServerText.placement(server),
                    UserText.orNone(server.role()), UserText.orNone(server.status()),
                    server.lastSeen() == null ? "never" : Times.age(server.lastSeen(), now),
                    UserText.orNone(server.agentVersion())));
            if (modules != null) {
                row.add(modules.getOrDefault(server.name(), "-"));
            }
            if (wide) {
                row.add(UserText.orNone(server.id()));
                row.add(UserText.orNone(server.hostname()));
                row.add(UserText.orNone(server.mac()));
                row.add(ServerText.labels(server.labels()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
