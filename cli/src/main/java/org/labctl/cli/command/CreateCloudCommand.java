package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.CloudInfo;
import org.labctl.api.CreateCloudRequest;
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

/** {@code labctl create cloud NAME}: a cloud that environments, join tokens and servers can name. */
@Command(name = "cloud", aliases = "clouds",
        description = {
            "Create a cloud.",
            "Environments, join tokens and servers belong to a cloud; baremetal exists",
            "from the start. -o json or -o yaml prints the cloud as labd created it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create cloud aws --kind aws --description 'eu-west-1 account'",
            "  labctl create cloud lab2"})
public final class CreateCloudCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The new cloud's name.")
    private String name;

    @Option(names = "--kind", paramLabel = "KIND", description = "What kind of cloud it is, such as aws. Default: labd's.")
    private String kind;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the cloud is for.")
    private String description;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public CreateCloudCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        CloudInfo created = connection.connect().createCloud(new CreateCloudRequest(name, kind, description));
        if (format.human()) {
            printer.line("cloud " + (created.name() == null ? name : created.name()) + " created");
        } else {
            printer.document(created, format);
        }
        return ExitCode.OK;
    }
}
