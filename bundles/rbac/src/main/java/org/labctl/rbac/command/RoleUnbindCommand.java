package org.labctl.rbac.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.Caller;

/** {@code lab:role-unbind ROLE USER}: as {@code labctl unbind role}; no escalation, as through the API. */
@Service
@Command(scope = "lab", name = "role-unbind", description = "Unbinds a role from a user (needs manage:*:*:roles, and no more than you hold)")
public class RoleUnbindCommand extends RoleBindingAction {

    @Override
    String name() {
        return "role-unbind";
    }

    @Override
    String done() {
        return "unbound from";
    }

    @Override
    void change(Caller caller) {
        rbac.unbind(caller, role, user);
    }
}
