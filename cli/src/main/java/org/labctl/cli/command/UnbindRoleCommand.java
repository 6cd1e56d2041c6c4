package org.labctl.cli.command;

import org.labctl.api.RoleInfo;
import org.labctl.cli.ConfigMixin;
import org.labctl.cli.LabdClient;
import org.labctl.cli.Printer;
import picocli.CommandLine.Command;

/** {@code labctl unbind role ROLE --user USER}: the user loses what only this role granted. */
@Command(name = "role", aliases = "roles",
        description = {
            "Unbind a role from a user.",
            "The user keeps what other roles grant. You can only unbind a role whose every",
            "allow rule you hold yourself, and the last user bound to admin stays bound.",
            "-o json or -o yaml prints the role as it is afterwards."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  labctl unbind role ops --user bob",
            "  labctl unbind role/viewer --user dave"})
public final class UnbindRoleCommand extends RoleBindingCommand {

    public UnbindRoleCommand(Printer printer, ConfigMixin connection) {
        super(printer, connection);
    }

    @Override
    RoleInfo change(LabdClient labd, String role, String user) {
        return labd.unbindRole(role, user);
    }

    @Override
    String done(String role, String user) {
        return "role " + role + " unbound from " + user;
    }
}
