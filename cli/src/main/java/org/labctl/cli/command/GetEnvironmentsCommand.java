package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.EnvironmentInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabctlException;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import org.labctl.cli.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl get environments}: the environments of every cloud or of one. */
@Command(name = "environments", aliases = {"environment", "envs", "env"},
        description = {
            "List the environments servers are placed in.",
            "Shows each environment's cloud and how many servers it has; --cloud shows",
            "one cloud's. -o wide adds the description and creation time; -o json or",
            "-o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get environments",
            "  labctl get envs --cloud aws -o wide",
            "  labctl get env/lab",
            "  labctl get environments -o json | jq -r '.[] | .cloud + \"/\" + .name'"})
public final class GetEnvironmentsCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Show only environments of this name.")
    private String name;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "Only this cloud's environments.")
    private String cloud;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetEnvironmentsCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        List<EnvironmentInfo> environments = connection.connect().environments(cloud);
        if (name != null) {
            environments = environments.stream().filter(each -> name.equals(each.name())).toList();
            if (environments.isEmpty()) {
                throw new LabctlException(ExitCode.NOT_FOUND, "no environment " + name
                        + (cloud == null ? "" : " in cloud " + cloud) + " (labctl get environments lists them)");
            }
        }
        // A NAME may match one environment in each cloud; only a single match is printed as one.
        if (name != null && environments.size() == 1) {
            printer.one(environments.get(0), format, this::table);
        } else {
            printer.list(environments, format, "environments", this::table);
        }
        return ExitCode.OK;
    }

    private void table(List<EnvironmentInfo> environments, boolean wide) {
        Instant now = clock.instant();
        List<String> headers = new ArrayList<>(List.of("name", "cloud", "servers", "age"));
        if (wide) {
            headers.addAll(List.of("created", "description"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (EnvironmentInfo environment : environments) {
            List<String> row = new ArrayList<>(List.of(environment.name(), UserText.orNone(environment.cloud()),
                    Integer.toString(environment.servers()), Times.age(environment.createdAt(), now)));
            if (wide) {
                row.add(UserText.orNone(environment.createdAt()));
                row.add(UserText.orNone(environment.description()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
