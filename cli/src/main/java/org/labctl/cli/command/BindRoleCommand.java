package org.labctl.cli.command;

import org.labctl.api.RoleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;

/** {@code labctl bind role ROLE --user USER}: the user gets the role's permissions. */
@Command(name = "role", aliases = "roles",
        description = {
            "Bind a role to a user, who then holds its permissions.",
            "You can only bind a role whose every allow rule you hold yourself.",
            "The change applies to the user's next request. -o json or -o yaml prints the",
            "role as it is afterwards."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl bind role ops --user bob",
            "  labctl bind role/viewer --user dave"})
public final class BindRoleCommand extends RoleBindingCommand {

    public BindRoleCommand(Printer printer, ConfigMixin connection) {
        super(printer, connection);
    }

    @Override
    RoleInfo change(LabdClient labd, String role, String user) {
        return labd.bindRole(role, user);
    }

    @Override
    String done(String role, String user) {
        return "role " + role + " bound to " + user;
    }
}
