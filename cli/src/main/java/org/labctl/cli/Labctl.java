package org.labctl.cli;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.labctl.cli.command.AppsCommands;
import org.labctl.cli.command.AuthCanICommand;
import org.labctl.cli.command.LogsPulumiCommand;
import org.labctl.cli.command.PulumiCommands;
import org.labctl.cli.command.StacksCommands;
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
import org.labctl.cli.command.DescribeBastionCommand;
import org.labctl.cli.command.DescribeCloudCommand;
import org.labctl.cli.command.DescribeCommand;
import org.labctl.cli.command.DescribeEnvironmentCommand;
import org.labctl.cli.command.DescribeRoleCommand;
import org.labctl.cli.command.DescribeServerCommand;
import org.labctl.cli.command.DescribeTokenCommand;
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
import org.labctl.cli.command.LogsAppCommand;
import org.labctl.cli.command.LogsModuleCommand;
import org.labctl.cli.command.LogsServerCommand;
import org.labctl.cli.command.MoveCommand;
import org.labctl.cli.command.ModulesAddCommand;
import org.labctl.cli.command.ModulesChangeCommands;
import org.labctl.cli.command.ClustersCommands;
import org.labctl.cli.command.KubectlCommand;
import org.labctl.cli.command.ModulesCommand;
import org.labctl.cli.command.ModulesNewCommand;
import org.labctl.cli.command.ModulesUpgradeCommand;
import org.labctl.cli.command.ModulesDescribeCommand;
import org.labctl.cli.command.ModulesListCommand;
import org.labctl.cli.command.ModulesReposCommands;
import org.labctl.cli.command.ModulesStatusCommand;
import org.labctl.cli.command.MoveServerCommand;
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

    /** Top-level commands that need every other one: help lists them, completion walks them all. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion");
    /** The root's options that take a value as the next argument ({@link ConfigMixin}). */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.of("--config", "--request-timeout");
    /** The root's options that act on the root itself, and so on the whole tree. */
    private static final Set<String> ROOT_ACTIONS = Set.of("-h", "--help", "-V", "--version");

    private Labctl() {
    }

    /** The command line of labctl, every command in it, reading and writing only through {@code terminal}. */
    public static CommandLine commandLine(Terminal terminal) {
        return build(terminal, null);
    }

    /**
     * The command line to run {@code args} with: only the top-level command they name, which is
     * all picocli needs to parse and run them; building the other sixteen took labctl 0.1 s on
     * every invocation (their annotations are read through reflection and proxies). Every command
     * is there when {@code args} name none, or one that needs the others ({@code help},
     * {@code completion}), or one labctl does not know (picocli then suggests the nearest names).
     */
    public static CommandLine commandLine(Terminal terminal, String[] args) {
        return build(terminal, topLevelName(args));
    }

    /** The first argument that is not a root option (or its value), or null when a root option acts on the root. */
    static String topLevelName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--") || ROOT_ACTIONS.contains(arg)) {
                return null;
            }
            if (!arg.startsWith("-")) {
                return arg;
            }
            if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            }
        }
        return null;
    }

    /**
     * Makes the first word a group command (such as the root or {@code config}) does not know end
     * its parse: picocli would otherwise keep looking for a subcommand among the words after it and
     * run {@code get} for {@code labctl helm --cluster x get pods}, which then blames {@code pods}.
     * The verbs check their first word themselves ({@link org.labctl.cli.command.KindArguments}).
     */
    private static void stopAtUnknownCommands(CommandLine command) {
        if (command.getSubcommands().isEmpty()) {
            return;
        }
        command.getCommandSpec().parser().stopAtUnmatched(true);
        command.getSubcommands().values().stream().distinct().forEach(Labctl::stopAtUnknownCommands);
    }

    /** The tree with only the top-level command {@code only}, or all of them when it is null or not one of them. */
    private static CommandLine build(Terminal terminal, String only) {
        Printer printer = new Printer(terminal.out(), terminal.err());
        ConfigMixin connection = new ConfigMixin(new ClientConfigLoader(terminal.env(), terminal.home()),
                new Session(terminal.env()));
        Clock clock = terminal.clock();

        CommandLine root = new CommandLine(new LabctlCommand());
        root.addMixin("connection", connection);
        // in the order help lists them
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("version", () -> new VersionCommand(printer, connection));
        commands.put("status", () -> new StatusCommand(printer, connection));
        commands.put("get", () -> VerbCommand.commandLine(new GetCommand(List.of(
                () -> new GetUsersCommand(printer, connection, clock),
                () -> new GetTokensCommand(printer, connection, clock),
                () -> new GetServersCommand(printer, connection, clock),
                () -> new GetCloudsCommand(printer, connection, clock),
                () -> new GetEnvironmentsCommand(printer, connection, clock),
                () -> new GetRolesCommand(printer, connection),
                () -> new GetPermissionsCommand(printer, connection),
                () -> new GetBastionsCommand(printer, connection, terminal.exec())))));
        commands.put("describe", () -> VerbCommand.commandLine(new DescribeCommand(List.of(
                () -> new DescribeUserCommand(printer, connection, clock),
                () -> new DescribeTokenCommand(printer, connection, clock),
                () -> new DescribeServerCommand(printer, connection, clock),
                () -> new DescribeCloudCommand(printer, connection, clock),
                () -> new DescribeEnvironmentCommand(printer, connection, clock),
                () -> new DescribeRoleCommand(printer, connection, clock),
                () -> new DescribeBastionCommand(printer, connection, terminal.exec())))));
        commands.put("create", () -> VerbCommand.commandLine(new CreateCommand(List.of(
                () -> new CreateUserCommand(printer, connection),
                () -> new CreateTokenCommand(printer, connection, clock),
                () -> new CreateCloudCommand(printer, connection),
                () -> new CreateEnvironmentCommand(printer, connection),
                () -> new CreateRoleCommand(printer, connection)))));
        commands.put("delete", () -> VerbCommand.commandLine(new DeleteCommand(List.of(
                () -> new DeleteUserCommand(printer, connection),
                () -> new DeleteTokenCommand(printer, connection),
                () -> new DeleteServerCommand(printer, connection),
                () -> new DeleteCloudCommand(printer, connection),
                () -> new DeleteEnvironmentCommand(printer, connection),
                () -> new DeleteRoleCommand(printer, connection)))));
        commands.put("move", () -> VerbCommand.commandLine(new MoveCommand(List.of(
                () -> new MoveServerCommand(printer, connection)))));
        commands.put("label", () -> VerbCommand.commandLine(new LabelCommand(List.of(
                () -> new LabelServerCommand(printer, connection)))));
        commands.put("bind", () -> VerbCommand.commandLine(new BindCommand(List.of(
                () -> new BindRoleCommand(printer, connection)))));
        commands.put("unbind", () -> VerbCommand.commandLine(new UnbindCommand(List.of(
                () -> new UnbindRoleCommand(printer, connection)))));
        commands.put("logs", () -> VerbCommand.commandLine(new LogsCommand(List.of(
                () -> new LogsAuditCommand(printer, connection, clock),
                () -> new LogsServerCommand(connection, terminal.exec()),
                () -> new LogsAgentCommand(connection, terminal.exec()),
                () -> new LogsModuleCommand(connection, terminal.exec()),
                () -> new LogsBastionCommand(printer, connection, terminal.exec()),
                () -> new LogsAppCommand(connection, terminal.env()),
                () -> new LogsPulumiCommand(printer, connection, terminal.exec())))));
        commands.put("plan", () -> new CommandLine(new PulumiCommands.Plan(printer, connection, terminal.exec())));
        commands.put("apply", () -> new CommandLine(new PulumiCommands.Apply(printer, connection, terminal.exec())));
        commands.put("destroy", () -> new CommandLine(new PulumiCommands.Destroy(printer, connection, terminal.exec())));
        commands.put("exec", () -> ExecCommand.commandLine(new ExecCommand(connection, terminal.exec())));
        commands.put("provision", () -> new CommandLine(new ProvisionCommand())
                .addSubcommand(new ProvisionListCommand(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionAssignCommand.Install(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionAssignCommand.Reprovision(printer, connection, terminal.exec()))
                .addSubcommand(new ProvisionForgetCommand(printer, connection, terminal.exec())));
        commands.put("modules", () -> new CommandLine(new ModulesCommand())
                .addSubcommand(new ModulesAddCommand(printer, connection))
                .addSubcommand(new ModulesListCommand(printer, connection, clock))
                .addSubcommand(new ModulesDescribeCommand(printer, connection, clock))
                .addSubcommand(new ModulesStatusCommand(printer, connection, clock))
                .addSubcommand(new ModulesChangeCommands.Rollback(printer, connection))
                .addSubcommand(new ModulesChangeCommands.Remove(printer, connection))
                .addSubcommand(new ModulesUpgradeCommand(printer, connection))
                .addSubcommand(new ModulesNewCommand(printer))
                .addSubcommand(new CommandLine(new ModulesReposCommands.Group())
                        .addSubcommand(new ModulesReposCommands.Add(printer, connection))
                        .addSubcommand(new ModulesReposCommands.Listing(printer, connection, clock))
                        .addSubcommand(new ModulesReposCommands.Remove(printer, connection))));
        commands.put("clusters", () -> new CommandLine(new ClustersCommands.Group())
                .addSubcommand(new ClustersCommands.Add(printer, connection))
                .addSubcommand(new ClustersCommands.Listing(printer, connection, clock))
                .addSubcommand(new ClustersCommands.Describe(printer, connection))
                .addSubcommand(new ClustersCommands.Remove(printer, connection))
                .addSubcommand(new ClustersCommands.Kubeconfig(printer, connection)));
        commands.put("stacks", () -> new CommandLine(new StacksCommands.Group())
                .addSubcommand(new StacksCommands.Listing(printer, connection, clock))
                .addSubcommand(new StacksCommands.Describe(printer, connection))
                .addSubcommand(new StacksCommands.History(printer, connection, clock)));
        commands.put("apps", () -> new CommandLine(new AppsCommands.Group())
                .addSubcommand(new AppsCommands.Listing(printer, connection, clock))
                .addSubcommand(new AppsCommands.Catalog(printer, connection, clock))
                .addSubcommand(new AppsCommands.Publish(printer, connection))
                .addSubcommand(new AppsCommands.Install(printer, connection, terminal.exec()))
                .addSubcommand(new AppsCommands.Status(printer, connection, terminal.exec()))
                .addSubcommand(new AppsCommands.Upgrade(printer, connection, terminal.exec()))
                .addSubcommand(new AppsCommands.History(printer, connection, terminal.exec(), clock))
                .addSubcommand(new AppsCommands.Rollback(printer, connection, terminal.exec()))
                .addSubcommand(new AppsCommands.Uninstall(printer, connection, terminal.exec())));
        commands.put("kubectl", () -> {
            CommandLine kubectl = new CommandLine(new KubectlCommand(connection, terminal.env()));
            // kubectl's own options (-n, -o…) are kubectl's: everything labctl does not know goes on
            kubectl.getCommandSpec().parser().stopAtUnmatched(true);
            return kubectl;
        });
        commands.put("init", () -> new CommandLine(new InitCommand())
                .addSubcommand(new CommandLine(new InitCommand.Bastion())
                        .addSubcommand(new CommandLine(new InitCommand.Standalone())
                                .addSubcommand(new StandaloneBastionCommands.Start(printer))
                                .addSubcommand(new StandaloneBastionCommands.Stop(printer))
                                .addSubcommand(new StandaloneBastionCommands.Status(printer)))));
        commands.put("auth", () -> new CommandLine(new AuthCommand())
                .addSubcommand(new AuthCanICommand(printer, connection)));
        commands.put("config", () -> new CommandLine(new ConfigCommand())
                .addSubcommand(new ConfigViewCommand(printer, connection)));
        commands.put("completion", () -> new CompletionCommand(printer));
        commands.put("help", () -> new HelpCommand());

        if (only != null && commands.containsKey(only) && !NEED_ALL.contains(only)) {
            root.addSubcommand(commands.get(only).get());
        } else {
            commands.values().forEach(command -> root.addSubcommand(command.get()));
        }

        stopAtUnknownCommands(root);
        // set last: these settings reach only the subcommands present when they are made (VerbCommand
        // passes them on to the kinds it adds later)
        root.setOut(terminal.out());
        root.setErr(terminal.err());
        root.setParameterExceptionHandler(new UsageErrorHandler());
        root.setExecutionExceptionHandler(new ErrorHandler(terminal.env().containsKey(ErrorHandler.DEBUG_ENV)));
        return root;
    }
}
