package org.labctl.cli.command;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.EnvironmentDetail;
import org.labctl.api.EnvironmentInfo;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl describe environment/[CLOUD/]NAME}: one environment with its servers. */
@Command(name = "environment", aliases = {"environments", "envs", "env"},
        description = {
            "Show an environment and its servers.",
            "Shows its cloud, description, who created it and when, its servers by",
            "status and their names, and how many join tokens can still enroll into it",
            "(with read:*:*:tokens). Write CLOUD/NAME, or --cloud, when the name is in",
            "several clouds. Needs read:CLOUD:NAME:*. -o json or -o yaml prints what labd",
            "returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl describe environment/lab",
            "  labctl describe environment/aws/prod -o json | jq '.serverNames'",
            "  labctl describe env prod --cloud baremetal"})
public final class DescribeEnvironmentCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;
    private final Clock clock;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "[CLOUD/]NAME", description = "The environment, with its cloud when its name is in several.")
    private String name;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "The environment's cloud.")
    private String cloud;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public DescribeEnvironmentCommand(Printer printer, ConfigMixin connection, Clock clock) {
        this.printer = printer;
        this.connection = connection;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        String environment = name;
        String inCloud = cloud;
        int slash = name.indexOf('/');
        if (slash >= 0) {
            if (cloud != null) {
                throw new ParameterException(spec.commandLine(), "give the cloud once: CLOUD/NAME or --cloud, not both");
            }
            inCloud = name.substring(0, slash);
            environment = name.substring(slash + 1);
            if (inCloud.isEmpty() || environment.isEmpty() || environment.contains("/")) {
                throw new ParameterException(spec.commandLine(), "'" + name + "' is not an environment: write NAME or CLOUD/NAME");
            }
        }
        LabdClient labd = connection.connect();
        if (inCloud == null) {
            inCloud = cloudOf(labd, environment);
        }
        EnvironmentDetail detail = labd.environment(inCloud, environment);
        if (!format.human()) {
            printer.document(detail, format);
            return ExitCode.OK;
        }
        Instant now = clock.instant();
        EnvironmentInfo info = detail.environment();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", info.name());
        fields.put("Cloud", UserText.orNone(info.cloud()));
        fields.put("Description", UserText.orNone(info.description()));
        fields.put("Created by", UserText.orNone(detail.createdBy()));
        fields.put("Created", DescribeText.time(info.createdAt(), now, Times.UNKNOWN));
        fields.put("Servers", DescribeText.countByStatus(detail.servers()));
        fields.put("Join tokens", detail.usableTokens() == null ? "<not shown: needs read:*:*:tokens>"
                : detail.usableTokens() + " can still enroll into it");
        printer.fields(fields);
        printer.blankLine();
        List<String> names = detail.serverNames() == null ? List.of() : detail.serverNames();
        if (names.isEmpty()) {
            printer.line("Server names: " + UserText.NONE);
        } else {
            printer.line("Server names:");
            names.forEach(server -> printer.line("  " + server));
        }
        return ExitCode.OK;
    }

    /** The cloud of the only environment of this name the caller may read. */
    private String cloudOf(LabdClient labd, String environment) {
        List<String> clouds = labd.environments(null).stream().filter(e -> environment.equals(e.name()))
                .map(EnvironmentInfo::cloud).sorted().toList();
        if (clouds.isEmpty()) {
            throw new LabctlException(ExitCode.NOT_FOUND, "no environment " + environment
                    + " that you may read (labctl get environments lists them)");
        }
        if (clouds.size() > 1) {
            throw new LabctlException(ExitCode.USAGE, "environment " + environment + " is in clouds " + String.join(", ", clouds)
                    + ": write " + String.join(" or ", clouds.stream().map(c -> "environment/" + c + "/" + environment).toList()));
        }
        return clouds.get(0);
    }
}
