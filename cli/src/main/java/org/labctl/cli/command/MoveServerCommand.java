package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.MoveServerRequest;
import org.labctl.api.ServerInfo;
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

/** {@code labctl move server/NAME --env ENV [--cloud CLOUD]}: places a server in another environment. */
@Command(name = "server", aliases = "servers",
        description = {
            "Move a server to another environment.",
            "The environment must exist, in the server's cloud unless --cloud names",
            "another. Needs manage:CLOUD:ENV:NAME both where the server is and where it",
            "goes; labd's audit log records both. Permissions follow the server at once:",
            "its agent keeps its certificate, which names the server, not its place.",
            "-o json or -o yaml prints the server as it is afterwards."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl move server/web-1 --env prod",
            "  labctl move server/web-1 --env east --cloud aws -o json"})
public final class MoveServerCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", description = "The server.")
    private String name;

    @Option(names = {"--env", "--environment"}, paramLabel = "ENV", required = true, description = "The environment it goes to.")
    private String environment;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "The environment's cloud (default: the server's own).")
    private String cloud;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public MoveServerCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        ServerInfo server = connection.connect().moveServer(name, new MoveServerRequest(environment, cloud));
        if (format.human()) {
            printer.line("server/" + name + " moved to " + ServerText.placement(server));
        } else {
            printer.document(server, format);
        }
        return ExitCode.OK;
    }
}
