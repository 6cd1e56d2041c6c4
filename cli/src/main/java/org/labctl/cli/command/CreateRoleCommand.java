package org.labctl.cli.command;

import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.InvalidArgument;
import org.labctl.api.Permission;
import org.labctl.api.RoleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labctl create role NAME --allow P --deny P}: rules checked here with labd's own grammar before they are sent. */
@Command(name = "role", aliases = "roles",
        description = {
            "Create a role from allow and deny rules.",
            "A rule is action:cloud:environment:name, each segment a name or * for every",
            "value; the action is read, exec, apply, destroy, manage, admin, kubectl or *.",
            "Users, roles, tokens and the audit log are addressed as *:*:users and so on.",
            "A deny overrides any allow. You can only allow what you hold yourself",
            "(labctl get permissions). Bind the role to users with labctl bind role.",
            "-o json or -o yaml prints the role as labd created it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl create role lab-operator --allow 'exec:baremetal:lab:*' \\",
            "      --allow 'read:*:*:*'",
            "  labctl create role ops --allow 'manage:*:*:*' --deny 'manage:*:*:users' \\",
            "      --description 'on-call'",
            "  labctl create role auditor --allow 'read:*:*:audit'"})
public final class CreateRoleCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The new role's name.")
    private String name;

    @Option(names = "--allow", paramLabel = "PERMISSION",
            description = "An allow rule, such as exec:baremetal:lab:*; repeat it for more.")
    private List<String> allows;

    @Option(names = "--deny", paramLabel = "PERMISSION",
            description = "A deny rule, such as manage:*:*:users; repeat it for more.")
    private List<String> denies;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the role is for.")
    private String description;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public CreateRoleCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        List<String> allowRules = rules("--allow", allows);
        List<String> denyRules = rules("--deny", denies);
        if (allowRules.isEmpty() && denyRules.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "a role needs at least one rule: give --allow or --deny, such as --allow 'read:*:*:*'");
        }
        RoleInfo created = connection.connect().createRole(new CreateRoleRequest(name, allowRules, denyRules, description));
        if (format.human()) {
            printer.line("role " + (created.name() == null ? name : created.name()) + " created");
        } else {
            printer.document(created, format);
        }
        return ExitCode.OK;
    }

    /** The rules as given, each checked against {@link Permission}'s grammar, which labd applies too. */
    private List<String> rules(String option, List<String> given) {
        List<String> rules = given == null ? List.of() : given;
        for (String rule : rules) {
            try {
                Permission.parse(rule);
            } catch (InvalidArgument e) {
                throw new ParameterException(spec.commandLine(), "bad " + option + ": " + e.getMessage());
            }
        }
        return rules;
    }
}
