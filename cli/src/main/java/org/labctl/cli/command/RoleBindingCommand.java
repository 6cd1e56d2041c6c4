package org.labctl.cli.command;

import java.util.concurrent.Callable;
import org.labctl.api.RoleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code bind role} and {@code unbind role} share: the role, {@code --user}, one request, and
 * the role as it is afterwards for {@code -o json|yaml}.
 */
abstract class RoleBindingCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "ROLE", description = "The role.")
    private String role;

    @Option(names = "--user", paramLabel = "USER", required = true, description = "The user.")
    private String user;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    RoleBindingCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    /** Asks labd for the change; returns the role as it is afterwards. */
    abstract RoleInfo change(LabdClient labd, String role, String user);

    /** What a person reads once it is done, such as {@code role ops bound to bob}. */
    abstract String done(String role, String user);

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        RoleInfo changed = change(connection.connect(), role, user);
        if (format.human()) {
            printer.line(done(role, user));
        } else {
            printer.document(changed, format);
        }
        return ExitCode.OK;
    }
}
