package org.labctl.rbac.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/** {@code lab:role-bind ROLE USER}: as {@code labctl bind role}; no escalation, as through the API. */
@Service
@Command(scope = "lab", name = "role-bind", description = "Binds a role to a user (needs manage:*:*:roles, and no more than you hold)")
public class RoleBindCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "role", required = true, description = "the role")
    @Completion(RoleNames.class)
    String role;

    @Argument(index = 1, name = "user", required = true, description = "the user")
    String user;

    @Override
    public Object execute() {
        shell.run(OperatorShell.line("lab:role-bind", role, user), new Gate.Request("role", "manage", "roles"),
                access -> rbac.bind(access.caller(), role, user));
        System.out.println("role/" + role + " bound to " + user);
        return null;
    }
}
