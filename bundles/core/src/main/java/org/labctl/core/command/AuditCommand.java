package org.labctl.core.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.AuditQuery;
import org.labctl.api.AuditRecord;
import org.labctl.core.AuditLog;

/** {@code lab:audit}: the newest audit rows, as {@code labctl logs audit} shows them (same service). */
@Service
@Command(scope = "lab", name = "audit", description = "Shows the newest audit rows (reading them is audited too)")
public class AuditCommand implements Action {

    @Reference
    AuditLog audit;

    @Option(name = "--user", description = "only this user's rows")
    String user;

    @Option(name = "--result", description = "allowed, denied or error")
    String result;

    @Option(name = "--limit", description = "how many of the newest rows (default 50)")
    int limit = 50;

    @Override
    public Object execute() {
        List<AuditRecord> rows = audit.shell("lab:audit", "read", "*:*:audit",
                () -> audit.query(new AuditQuery(user, null, result, null, null, null, limit)));
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Time", "User", "Method", "Path", "Action", "Resource", "Result", "Status"}) {
            table.column(column);
        }
        for (AuditRecord row : rows) {
            table.addRow().addContent(row.at(), row.user() == null ? "-" : row.user(), row.method(), row.path(),
                    row.action() == null ? "-" : row.action(), row.resource() == null ? "-" : row.resource(), row.result(),
                    row.httpStatus() == null ? "-" : row.httpStatus());
        }
        table.print(System.out);
        return null;
    }
}
