package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.CreateEnvironmentRequest;
import org.labctl.api.EnvironmentInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labctl create environment NAME --cloud CLOUD}: an environment inside an existing cloud. */
@Command(name = "environment", aliases = {"environments", "envs", "env"},
        description = {
            "Create an environment in a cloud.",
            "Join tokens (--env) place servers in it. The cloud must exist (labctl get",
            "clouds). -o json or -o yaml prints the environment as labd created it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create environment lab --cloud baremetal",
            "  labctl create env prod --cloud aws --description 'production'"})
public final class CreateEnvironmentCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The new environment's name.")
    private String name;

    @Option(names = "--cloud", paramLabel = "CLOUD", required = true, description = "The cloud it belongs to.")
    private String cloud;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the environment is for.")
    private String description;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public CreateEnvironmentCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        EnvironmentInfo created = connection.connect()
                .createEnvironment(new CreateEnvironmentRequest(name, cloud, description));
        if (format.human()) {
            printer.line("environment " + cloud + "/" + name + " created");
        } else {
            printer.document(created, format);
        }
        return ExitCode.OK;
    }
}
