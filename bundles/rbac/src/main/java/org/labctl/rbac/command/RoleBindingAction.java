package org.labctl.rbac.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.labctl.api.Caller;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/**
 * {@code lab:role-bind} and {@code lab:role-unbind ROLE USER}: as {@code labctl bind|unbind role},
 * through the gate ({@code manage:*:*:roles}) and with no escalation, as through the API.
 */
abstract class RoleBindingAction implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "role", required = true, description = "the role")
    @Completion(RoleNames.class)
    String role;

    @Argument(index = 1, name = "user", required = true, description = "the user")
    String user;

    /** The command's name ({@code role-bind}). */
    abstract String name();

    /** What was done, after the role ({@code bound to}). */
    abstract String done();

    abstract void change(Caller caller);

    @Override
    public Object execute() {
        shell.run(OperatorShell.line("lab:" + name(), role, user), new Gate.Request("role", "manage", "roles"), access -> {
            change(access.caller());
            return null;
        });
        System.out.println("role/" + role + " " + done() + " " + user);
        return null;
    }
}
