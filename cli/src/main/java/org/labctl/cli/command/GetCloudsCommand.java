package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.CloudInfo;
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
import picocli.CommandLine.Parameters;

/** {@code labctl get clouds}: the clouds servers are placed in, or one of them. */
@Command(name = "clouds", aliases = "cloud",
        description = {
            "List the clouds servers are placed in.",
            "Shows each cloud's kind and how many environments and servers it has;",
            "baremetal always exists. -o wide adds the description and creation time;",
            "-o json or -o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get clouds",
            "  labctl get cloud/baremetal -o wide",
            "  labctl get clouds -o json | jq -r '.[].name'"})
public final class GetCloudsCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Show only this cloud.")
    private String name;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetCloudsCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        List<CloudInfo> clouds = connection.connect().clouds();
        if (name != null) {
            CloudInfo cloud = clouds.stream().filter(each -> name.equals(each.name())).findFirst()
                    .orElseThrow(() -> new LabctlException(ExitCode.NOT_FOUND,
                            "no cloud " + name + " (labctl get clouds lists them)"));
            printer.one(cloud, format, this::table);
            return ExitCode.OK;
        }
        printer.list(clouds, format, "clouds", this::table);
        return ExitCode.OK;
    }

    private void table(List<CloudInfo> clouds, boolean wide) {
        Instant now = clock.instant();
        List<String> headers = new ArrayList<>(List.of("name", "kind", "environments", "servers", "age"));
        if (wide) {
            headers.addAll(List.of("created", "description"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (CloudInfo cloud : clouds) {
            List<String> row = new ArrayList<>(List.of(cloud.name(), UserText.orNone(cloud.kind()),
                    Integer.toString(cloud.environments()), Integer.toString(cloud.servers()),
                    Times.age(cloud.createdAt(), now)));
            if (wide) {
                row.add(UserText.orNone(cloud.createdAt()));
                row.add(UserText.orNone(cloud.description()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
