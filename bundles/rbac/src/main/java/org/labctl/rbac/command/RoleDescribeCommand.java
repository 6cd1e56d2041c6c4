package org.labctl.rbac.command;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.RoleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/** {@code lab:role-describe NAME}: one role, as {@code labctl describe role/NAME} shows it. */
@Service
@Command(scope = "lab", name = "role-describe", description = "Shows one role: its rules and users (needs read:*:*:roles)")
public class RoleDescribeCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the role")
    @Completion(RoleNames.class)
    String name;

    @Override
    public Object execute() {
        RoleInfo role = shell.run(OperatorShell.line("lab:role-describe", name), new Gate.Request("role", "read", "roles"),
                access -> rbac.role(name));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", role.name());
        fields.put("Description", role.description());
        fields.put("Built in", role.builtin() ? "yes" : "no");
        fields.put("Created by", role.createdBy());
        fields.put("Created", role.createdAt());
        fields.put("Allow", String.join(", ", role.allows()));
        fields.put("Deny", String.join(", ", role.denies()));
        fields.put("Users", String.join(", ", role.users()));
        System.out.print(OperatorShell.fields(fields));
        return null;
    }
}
