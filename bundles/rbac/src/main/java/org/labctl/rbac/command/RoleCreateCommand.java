package org.labctl.rbac.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.CreateRoleRequest;
import org.labctl.api.RoleInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.rbac.internal.RbacService;

/** {@code lab:role-create --allow R [--deny R] NAME}: as {@code labctl create role} (only allows you hold yourself). */
@Service
@Command(scope = "lab", name = "role-create", description = "Creates a role (needs manage:*:*:roles and every allow it grants)")
public class RoleCreateCommand implements Action {

    @Reference
    RbacService rbac;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the role")
    String name;

    @Option(name = "--allow", multiValued = true, description = "an allow rule action:cloud:environment:name (repeatable)")
    List<String> allows;

    @Option(name = "--deny", multiValued = true, description = "a deny rule (repeatable)")
    List<String> denies;

    @Option(name = "--description", description = "what the role is for")
    String description;

    @Override
    public Object execute() {
        RoleInfo role = shell.run(OperatorShell.line("lab:role-create", flags("--allow", allows), flags("--deny", denies), name), new Gate.Request("role", "manage", "roles"),
                access -> rbac.create(access.caller(), new CreateRoleRequest(name, allows, denies, description)));
        System.out.println("role/" + role.name() + " created");
        return null;
    }

    /** {@code --allow a --allow b}, as given. */
    static List<String> flags(String flag, List<String> values) {
        List<String> words = new java.util.ArrayList<>();
        if (values != null) {
            values.forEach(value -> {
                words.add(flag);
                words.add(value);
            });
        }
        return words;
    }
}
