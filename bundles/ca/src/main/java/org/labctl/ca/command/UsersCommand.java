package org.labctl.ca.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.CertificateInfo;
import org.labctl.api.UserInfo;
import org.labctl.ca.internal.UserService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:users}: the users, as {@code labctl get users} shows them (same service, read:*:*:users). */
@Service
@Command(scope = "lab", name = "users", description = "Lists labd's users (needs read:*:*:users)")
public class UsersCommand implements Action {

    @Reference
    UserService users;

    @Reference
    OperatorShell shell;

    @Override
    public Object execute() {
        List<UserInfo> list = shell.run("lab:users", new Gate.Request("user", "read", "users"), access -> users.list());
        ShellTable table = new ShellTable();
        for (String column : new String[] {"NAME", "CREATED-BY", "CREATED", "CERTIFICATES", "EXPIRES"}) {
            table.column(column);
        }
        for (UserInfo user : list) {
            List<CertificateInfo> valid = user.certificates().stream().filter(c -> c.revokedAt() == null).toList();
            table.addRow().addContent(user.name(), user.createdBy() == null ? "-" : user.createdBy(), user.createdAt(),
                    valid.size() + " valid", valid.stream().map(CertificateInfo::notAfter).max(String::compareTo).orElse("-"));
        }
        table.print(System.out);
        return null;
    }
}
