package org.labctl.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.labctl.api.RoleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.ExitCode;
import org.labctl.cli.HelpMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.OutputFormat;
import org.labctl.cli.OutputMixin;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code labctl get roles}: the RBAC roles with their rules and users, or one of them. */
@Command(name = "roles", aliases = "role",
        description = {
            "List the roles that grant permissions to users.",
            "Shows each role's allow and deny rules (action:cloud:environment:name), the",
            "users bound to it and whether labd built it in. -o wide adds who created it",
            "and its description; -o json or -o yaml prints the list as labd returns it."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl get roles",
            "  labctl get role/ops -o wide",
            "  labctl get roles -o json | jq -r '.[] | select(.users | index(\"bob\")) | .name'"})
public final class GetRolesCommand implements Callable<Integer> {

    private final Printer printer;
    private final ConfigMixin connection;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Show only this role.")
    private String name;

    @Mixin
    private OutputMixin.All output;

    @Mixin
    private HelpMixin help;

    public GetRolesCommand(Printer printer, ConfigMixin connection) {
        this.printer = printer;
        this.connection = connection;
    }

    @Override
    public Integer call() {
        OutputFormat format = output.format();
        LabdClient labd = connection.connect();
        if (name != null) {
            printer.one(labd.role(name), format, this::table);
            return ExitCode.OK;
        }
        printer.list(labd.roles(), format, "roles", this::table);
        return ExitCode.OK;
    }

    private void table(List<RoleInfo> roles, boolean wide) {
        List<String> headers = new ArrayList<>(List.of("name", "allow", "deny", "users", "builtin"));
        if (wide) {
            headers.addAll(List.of("created-by", "description"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (RoleInfo role : roles) {
            List<String> row = new ArrayList<>(List.of(role.name(), RoleText.joined(role.allows()),
                    RoleText.joined(role.denies()), RoleText.joined(role.users()), RoleText.yesNo(role.builtin())));
            if (wide) {
                row.add(UserText.orNone(role.createdBy()));
                row.add(UserText.orNone(role.description()));
            }
            rows.add(row);
        }
        printer.table(headers, rows);
    }
}
