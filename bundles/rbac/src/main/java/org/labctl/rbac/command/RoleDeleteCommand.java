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

/** {@code lab:role-delete NAME}: as {@code labctl delete role/NAME} (an unbound role whose allows you hold). */
@Service
@Command(scope = "lab", name = "role-delete", description = "Deletes an unbound role (needs manage:*:*:roles and every allow it grants)")
public class RoleDeleteCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the role")
    @Completion(RoleNames.class)
    String name;

    @Override
    public Object execute() {
        shell.run(OperatorShell.line("lab:role-delete", name), new Gate.Request("role", "manage", "roles"),
                access -> rbac.delete(access.caller(), name));
        System.out.println("role/" + name + " deleted");
        return null;
    }
}
