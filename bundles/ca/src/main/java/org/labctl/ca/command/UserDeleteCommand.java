package org.labctl.ca.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.ca.internal.UserService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;

/** {@code lab:user-delete NAME}: revokes the user's certificates and forgets them, as {@code labctl delete user/NAME}. */
@Service
@Command(scope = "lab", name = "user-delete", description = "Revokes a user's certificates and deletes the user (needs manage:*:*:users)")
public class UserDeleteCommand implements Action {

    @Reference
    UserService users;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the user")
    @Completion(UserNames.class)
    String name;

    @Override
    public Object execute() {
        shell.run(OperatorShell.line("lab:user-delete", name), new Gate.Request("user", "manage", "users"),
                access -> users.delete(name, access.caller().name()));
        System.out.println("user/" + name + " deleted");
        return null;
    }
}
