package org.labctl.ca.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.UserInfo;
import org.labctl.ca.internal.UserService;
import org.labctl.core.AuditLog;

/** {@code lab:users}: the users, as {@code labctl get users} shows them (same service). */
@Service
@Command(scope = "lab", name = "users", description = "Lists labd's users (audited as the local operator)")
public class UsersCommand implements Action {

    @Reference
    UserService users;

    @Reference
    AuditLog audit;

    @Override
    public Object execute() {
        List<UserInfo> list = audit.shell("lab:users", "read", "*:*:users", users::list);
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Created by");
        table.column("Created");
        table.column("Certificates");
        for (UserInfo user : list) {
            long valid = user.certificates().stream().filter(c -> c.revokedAt() == null).count();
            table.addRow().addContent(user.name(), user.createdBy(), user.createdAt(), valid + " valid");
        }
        table.print(System.out);
        return null;
    }
}
