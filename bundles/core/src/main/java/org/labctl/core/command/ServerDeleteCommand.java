package org.labctl.core.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** {@code lab:server-delete NAME}: revokes its agent certificates and forgets it, as {@code labctl delete server/NAME}. */
@Service
@Command(scope = "lab", name = "server-delete", description = "Revokes a server's agent certificates and forgets it (needs manage on it)")
public class ServerDeleteCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the server")
    @Completion(ServerNames.class)
    String name;

    @Override
    public Object execute() {
        ServerInfo server = shell.run(OperatorShell.line("lab:server-delete", name), new Gate.Request("server", "manage", name),
                access -> servers.delete(name, access.caller().name()));
        System.out.println("server/" + server.name() + " deleted");
        return null;
    }
}
