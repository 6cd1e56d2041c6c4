package org.labctl.cli.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleServerState;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl modules status [NAME]}: the fleet view, from what the agents report. */
@Command(name = "status",
        description = {
            "Show each module on each server, as the server's agent reports it.",
            "One line a server and module (of the servers you may read): the version the",
            "agent has and the one labd wants there, its state (pending until the agent",
            "reports it, then installing, configuring, ready, failed or removing), its",
            "health and since when. -o wide adds the health's message and the error."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules status",
            "  labctl modules status chrony -o wide",
            "  labctl modules status -o json | jq -r '.[] | select(.state==\"failed\").server'"})
public final class ModulesStatusCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this module.")
    private String name;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public ModulesStatusCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        printer.list(connection.connect().moduleStatus(name), output.format(), "module states", this::table);
        return ExitCode.OK;
    }

    private void table(List<ModuleServerState> states, boolean wide) {
        List<String> headers = new ArrayList<>(List.of("server", "module", "version", "desired", "state", "health", "since"));
        if (wide) {
            headers.add("error");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ModuleServerState state : states) {
            List<String> row = new ArrayList<>(List.of(state.server(), state.module(), UserText.orNone(state.version()),
                    state.desired() == null ? "(removing)" : state.desired(), state.state(), ModuleText.health(state, wide),
                    state.since() == null ? UserText.NONE : Times.age(state.since(), clock.instant())));
            if (wide) {
                row.add(UserText.orNone(state.error()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
