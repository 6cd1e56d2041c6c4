package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.labctl.api.PermissionsInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code labctl get permissions}: what a user may do, the union of the rules of their roles. */
@Command(name = "permissions", aliases = "permission",
        description = {
            "Show what a user may do: their roles and the allow and deny rules these grant.",
            "Your own by default; another user's (--user) needs read:*:*:roles. A deny",
            "overrides any allow. -o json or -o yaml prints what labd returns."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get permissions",
            "  labctl get permissions --user bob",
            "  labctl get permissions -o json | jq -r '.allows[]'"})
public final class GetPermissionsCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Option(names = "--user", paramLabel = "USER", description = "Whose permissions. Default: yours.")
    private String user;

    @Mixin
    private OutputMixin.TableJsonYaml output;

    @Mixin
    private HelpMixin help;

    public GetPermissionsCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        PermissionsInfo permissions = connection.connect().permissions(user);
        if (!format.human()) {
            printer.document(permissions, format);
            return ExitCode.OK;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("User", UserText.orNone(permissions.user()));
        fields.put("Roles", RoleText.joined(permissions.roles()));
        printer.fields(fields);
        printer.blankLine();
        List<List<String>> rules = new ArrayList<>();
        RoleText.orEmpty(permissions.allows()).forEach(allow -> rules.add(List.of("allow", allow)));
        RoleText.orEmpty(permissions.denies()).forEach(deny -> rules.add(List.of("deny", deny)));
        if (rules.isEmpty()) {
            printer.line("Rules: " + UserText.NONE);
            return ExitCode.OK;
        }
        printer.table(List.of("effect", "permission"), rules);
        return ExitCode.OK;
    }
}
