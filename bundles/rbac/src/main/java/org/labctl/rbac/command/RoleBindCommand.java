package org.labctl.rbac.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.Caller;

/** {@code lab:role-bind ROLE USER}: as {@code labctl bind role}; no escalation, as through the API. */
@Service
@Command(scope = "lab", name = "role-bind", description = "Binds a role to a user (needs manage:*:*:roles, and no more than you hold)")
public class RoleBindCommand extends RoleBindingAction {

    @Override
    String name() {
        return "role-bind";
    }

    @Override
    String done() {
        return "bound to";
    }

    @Override
    void change(Caller caller) {
        rbac.bind(caller, role, user);
    }
}
