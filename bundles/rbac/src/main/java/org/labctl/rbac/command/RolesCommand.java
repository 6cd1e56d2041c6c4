package org.labctl.rbac.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.RoleInfo;
import org.labctl.core.AuditLog;
import org.labctl.rbac.internal.RbacService;

/** {@code lab:roles}: the roles with their rules and users, as {@code labctl get roles} shows them. */
@Service
@Command(scope = "lab", name = "roles", description = "Lists the roles, their rules and users (audited as the local operator)")
public class RolesCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    AuditLog audit;

    @Override
    public Object execute() {
        List<RoleInfo> roles = audit.shell("lab:roles", "read", "*:*:roles", rbac::roles);
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Name", "Allow", "Deny", "Users", "Built in"}) {
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
