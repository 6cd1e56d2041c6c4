package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.CloudDetail;
import org.labctl.api.CloudInfo;
import org.labctl.api.EnvironmentInfo;
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

/** {@code labctl describe cloud/NAME}: one cloud with its environments and servers. */
@Command(name = "cloud", aliases = "clouds",
        description = {
            "Show a cloud, its environments and its servers.",
            "Shows its kind, description, who created it and when, its servers by",
            "status (and how many are in no environment), then its environments. Only",
            "what you may read is shown and counted: a cloud in which you may read",
            "nothing is not found. -o json or -o yaml prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe cloud/baremetal",
            "  labctl describe cloud aws -o json | jq '.environments[].name'"})
public final class DescribeCloudCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Parameters(paramLabel = "NAME", description = "The cloud.")
    private String name;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeCloudCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        CloudDetail detail = connection.connect().cloud(name);
        if (!format.human()) {
            printer.document(detail, format);
            return ExitCode.OK;
        }
        Instant now = clock.instant();
        CloudInfo cloud = detail.cloud();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", cloud.name());
        fields.put("Kind", UserText.orNone(cloud.kind()));
        fields.put("Description", UserText.orNone(cloud.description()));
        fields.put("Created by", UserText.orNone(detail.createdBy()));
        fields.put("Created", DescribeText.time(cloud.createdAt(), now, Times.UNKNOWN));
        fields.put("Servers", DescribeText.countByStatus(detail.servers())
                + (detail.unplaced() > 0 ? "; " + detail.unplaced() + " in no environment" : ""));
        printer.fields(fields);
        printer.blankLine();
        List<EnvironmentInfo> environments = detail.environments() == null ? List.of() : detail.environments();
        if (environments.isEmpty()) {
            printer.line("Environments: " + UserText.NONE);
            return ExitCode.OK;
        }
        printer.line("Environments:");
        printer.table(List.of("name", "servers", "age", "description"), environments.stream()
                .map(e -> List.of(e.name(), Integer.toString(e.servers()), Times.age(e.createdAt(), now),
                        UserText.orNone(e.description())))
                .toList());
        return ExitCode.OK;
    }
}
