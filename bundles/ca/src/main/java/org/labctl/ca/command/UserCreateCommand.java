package org.labctl.ca.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.ca.internal.LabctlConfig;
import org.labctl.ca.internal.UserService;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code lab:user-create NAME}: creates a user and prints their labctl config once, as {@code labctl
 * create user} writes it (the key pair is made in labd, since no labctl runs here; labd keeps no copy).
 */
@Service
@Command(scope = "lab", name = "user-create", description = "Creates a user and prints their labctl config once (needs manage:*:*:users)")
public class UserCreateCommand implements Action {

    @Reference
    UserService users;

    @Reference
    ConfigurationAdmin configurations;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the user name")
    String name;

    @Option(name = "--ttl-days", description = "days the certificate is valid (default: labd's user.lifetime.days)")
    int ttlDays;

    @Option(name = "--description", description = "who the user is")
    String description;

    @Override
    public Object execute() {
        String server = LabctlConfig.server(configurations);
        String config = shell.run(OperatorShell.line("lab:user-create", ttlDays > 0 ? "--ttl-days" : null, ttlDays > 0 ? ttlDays : null,
                description == null ? null : "--description", description, name), new Gate.Request("user", "manage", "users"),
                access -> users.createWithConfig(name, Math.max(ttlDays, 0) * 86_400L, description, access.caller().name(), server));
        System.out.print(config);
        System.err.println("user " + name + " created: save the config above to " + name + ".labctl.yaml (0600) and hand it over "
                + "privately; it is not shown again");
        return null;
    }
}
