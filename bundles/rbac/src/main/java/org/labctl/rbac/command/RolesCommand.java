package org.labctl.rbac.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.RoleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/** {@code lab:roles}: the roles with their rules and users, as {@code labctl get roles} shows them. */
@Service
@Command(scope = "lab", name = "roles", description = "Lists the roles, their rules and users (needs read:*:*:roles)")
public class RolesCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Override
    public Object execute() {
        List<RoleInfo> roles = shell.run("lab:roles", new Gate.Request("role", "read", "roles"), access -> rbac.roles());
        ShellTable table = new ShellTable();
        for (String column : new String[] {"NAME", "ALLOW", "DENY", "USERS", "BUILTIN"}) {
            table.column(column);
        }
        for (RoleInfo role : roles) {
            table.addRow().addContent(role.name(), String.join(",", role.allows()), String.join(",", role.denies()),
                    String.join(",", role.users()), role.builtin() ? "yes" : "no");
        }
        table.print(System.out);
        return null;
    }
}
