package org.labctl.cli;

import java.time.Clock;
import java.util.List;
import org.labctl.cli.command.AuthCanICommand;
import org.labctl.cli.command.AuthCommand;
import org.labctl.cli.command.BindCommand;
import org.labctl.cli.command.BindRoleCommand;
import org.labctl.cli.command.CompletionCommand;
import org.labctl.cli.command.ConfigCommand;
import org.labctl.cli.command.ConfigViewCommand;
import org.labctl.cli.command.CreateCloudCommand;
import org.labctl.cli.command.CreateCommand;
import org.labctl.cli.command.CreateEnvironmentCommand;
import org.labctl.cli.command.CreateRoleCommand;
import org.labctl.cli.command.CreateTokenCommand;
import org.labctl.cli.command.CreateUserCommand;
import org.labctl.cli.command.DeleteCloudCommand;
import org.labctl.cli.command.DeleteCommand;
import org.labctl.cli.command.DeleteEnvironmentCommand;
import org.labctl.cli.command.DeleteRoleCommand;
import org.labctl.cli.command.DeleteServerCommand;
import org.labctl.cli.command.DeleteTokenCommand;
import org.labctl.cli.command.DeleteUserCommand;
import org.labctl.cli.command.DescribeCommand;
import org.labctl.cli.command.DescribeRoleCommand;
import org.labctl.cli.command.DescribeServerCommand;
import org.labctl.cli.command.DescribeUserCommand;
import org.labctl.cli.command.ExecCommand;
import org.labctl.cli.command.GetBastionsCommand;
import org.labctl.cli.command.GetCloudsCommand;
import org.labctl.cli.command.GetCommand;
import org.labctl.cli.command.GetEnvironmentsCommand;
import org.labctl.cli.command.GetPermissionsCommand;
import org.labctl.cli.command.GetRolesCommand;
import org.labctl.cli.command.GetServersCommand;
import org.labctl.cli.command.GetTokensCommand;
import org.labctl.cli.command.GetUsersCommand;
import org.labctl.cli.command.InitCommand;
import org.labctl.cli.command.LabctlCommand;
import org.labctl.cli.command.LabelCommand;
import org.labctl.cli.command.LabelServerCommand;
import org.labctl.cli.command.LogsAgentCommand;
import org.labctl.cli.command.LogsAuditCommand;
import org.labctl.cli.command.LogsBastionCommand;
import org.labctl.cli.command.LogsCommand;
import org.labctl.cli.command.LogsServerCommand;
import org.labctl.cli.command.ProvisionAssignCommand;
import org.labctl.cli.command.ProvisionCommand;
import org.labctl.cli.command.ProvisionForgetCommand;
import org.labctl.cli.command.ProvisionListCommand;
import org.labctl.cli.command.StandaloneBastionCommands;
import org.labctl.cli.command.StatusCommand;
import org.labctl.cli.command.UnbindCommand;
import org.labctl.cli.command.UnbindRoleCommand;
import org.labctl.cli.command.VerbCommand;
import org.labctl.cli.command.VersionCommand;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine;

/** Builds the labctl command tree, the same for {@link Main} and for tests (STYLE rule 11). */
public final class Labctl {

    private Labctl() {
    }

    /** The command line of labctl, reading and writing only through {@code terminal}. */
    public static CommandLine commandLine(Terminal terminal) {
        Printer printer = new Printer(terminal.out(), terminal.err());
        ConfigMixin connection = new ConfigMixin(new ClientConfigLoader(terminal.env(), terminal.home()),
                new Session(terminal.env()));
        Clock clock = terminal.clock();

        CommandLine root = new CommandLine(new LabctlCommand());
        root.addMixin("connection", connection);
        root.addSubcommand(new VersionCommand(printer, connection));
        root.addSubcommand(new StatusCommand(printer, connection));
        root.addSubcommand(VerbCommand.commandLine(new GetCommand(List.of(
                () -> new GetUsersCommand(printer, connection, clock),
                () -> new GetTokensCommand(printer, connection, clock),
                () -> new GetServersCommand(printer, connection, clock),
                () -> new GetCloudsCommand(printer, connection, clock),
                () -> new GetEnvironmentsCommand(printer, connection, clock),
                () -> new GetRolesCommand(printer, connection),
                () -> new GetPermissionsCommand(printer, connection),
                () -> new GetBastionsCommand(printer, connection, terminal.exec())))));
        root.addSubcommand(VerbCommand.commandLine(new DescribeCommand(List.of(
                () -> new DescribeUserCommand(printer, connection, clock),
                () -> new DescribeServerCommand(printer, connection, clock),
                () -> new DescribeRoleCommand(printer, connection, clock)))));
        root.addSubcommand(VerbCommand.commandLine(new CreateCommand(List.of(
                () -> new CreateUserCommand(printer, connection),
                () -> new CreateTokenCommand(printer, connection, clock),
                () -> new CreateCloudCommand(printer, connection),
                () -> new CreateEnvironmentCommand(printer, connection),
                () -> new CreateRoleCommand(printer, connection)))));
        root.addSubcommand(VerbCommand.commandLine(new DeleteCommand(List.of(
                () -> new DeleteUserCommand(printer, connection),
                () -> new DeleteTokenCommand(printer, connection),
                () -> new DeleteServerCommand(printer, connection),
                () -> new DeleteCloudCommand(printer, connection),
                () -> new DeleteEnvironmentCommand(printer, connection),
                () -> new DeleteRoleCommand(printer, connection)))));
        root.addSubcommand(VerbCommand.commandLine(new LabelCommand(List.of(
                () -> new LabelServerCommand(printer, connection)))));
        root.addSubcommand(VerbCommand.commandLine(new BindCommand(List.of(
                () -> new BindRoleCommand(printer, connection)))));
        root.addSubcommand(VerbCommand.commandLine(new UnbindCommand(List.of(
                () -> new UnbindRoleCommand(printer, connection)))));
        root.addSubcommand(VerbCommand.commandLine(new LogsCommand(List.of(
                () -> new LogsAuditCommand(printer, connection, clock),
                () -> new LogsServerCommand(connection, terminal.exec()),
                () -> new LogsAgentCommand(connection, terminal.exec()),
                () -> new LogsBastionCommand(printer, connection, terminal.exec())))));
        root.addSubcommand(ExecCommand.commandLine(new ExecCommand(connection, terminal.exec())));
        root.addSubcommand(new CommandLine(new ProvisionCommand())
                .addSubcommand(new ProvisionListCommand(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionAssignCommand.Install(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionAssignCommand.Reprovision(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionForgetCommand(printer, connection, terminal.exec())));
        root.addSubcommand(new CommandLine(new InitCommand())
                .addSubcommand(new CommandLine(new InitCommand.Bastion())
                        .addSubcommand(new CommandLine(new InitCommand.Standalone())
                                .addSubcommand(new StandaloneBastionCommands.Start(printer))
                                .addSubcommand(new StandaloneBastionCommands.Stop(printer))
                                .addSubcommand(new StandaloneBastionCommands.Status(printer)))));
        root.addSubcommand(new CommandLine(new AuthCommand())
                .addSubcommand(new AuthCanICommand(printer, connection)));
        root.addSubcommand(new CommandLine(new ConfigCommand())
                .addSubcommand(new ConfigViewCommand(printer, connection)));
        root.addSubcommand(new CompletionCommand(printer));
        root.addSubcommand(new HelpCommand());

        // set last: these settings reach only the subcommands present when they are made (VerbCommand
        // passes them on to the kinds it adds later)
        root.setOut(terminal.out());
        root.setErr(terminal.err());
        root.setParameterExceptionHandler(new UsageErrorHandler());
        root.setExecutionExceptionHandler(new ErrorHandler(terminal.env().containsKey(ErrorHandler.DEBUG_ENV)));
        return root;
    }
}
