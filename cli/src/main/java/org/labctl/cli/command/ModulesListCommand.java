package org.labctl.cli.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.ModuleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code labctl modules list}: the modules installed, in dependency order. */
@Command(name = "list", aliases = "ls",
        description = {
            "List the modules installed, each after the modules it needs.",
            "Shows each module's version, tier, the servers it targets, how many of those",
            "(that you may read) report it ready, where it came from and when it was",
            "added. -o wide adds the commit, who added it, the version a rollback returns",
            "to and its labd feature."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl modules list",
            "  labctl modules list -o wide",
            "  labctl modules list -o json | jq -r '.[] | select(.ready < .servers) | .name'"})
public final class ModulesListCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public ModulesListCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        printer.list(connection.connect().modules(), output.format(), "modules", this::table);
        return ExitCode.OK;
    }

    private void table(List<ModuleInfo> modules, boolean wide) {
        List<String> headers = new ArrayList<>(List.of("name", "version", "tier", "targets", "ready", "source", "age"));
        if (wide) {
            headers.addAll(List.of("commit", "added-by", "previous", "labd-feature"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (ModuleInfo module : modules) {
            List<String> row = new ArrayList<>(List.of(module.name(), module.version(), module.tier(),
                    UserText.orNone(module.targets()), ModuleText.ready(module), module.source(),
                    Times.age(module.addedAt(), clock.instant())));
            if (wide) {
                row.add(UserText.orNone(module.commit()));
                row.add(UserText.orNone(module.addedBy()));
                row.add(UserText.orNone(module.previousVersion()));
                row.add(UserText.orNone(module.labdFeature()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
