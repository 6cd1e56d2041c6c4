package org.labctl.core.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.labctl.api.MoveServerRequest;
import org.labctl.api.ServerInfo;
import org.labctl.core.Gate;
import org.labctl.core.OperatorShell;
import org.labctl.core.internal.ServerService;

/** {@code lab:server-move --env ENV [--cloud C] NAME}: as {@code labctl move server/NAME} (manage where it is and where it goes). */
@Service
@Command(scope = "lab", name = "server-move", description = "Moves a server to another environment (needs manage where it is and where it goes)")
public class ServerMoveCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    OperatorShell shell;

    @Argument(index = 0, name = "name", required = true, description = "the server")
    @Completion(ServerNames.class)
    String name;

    @Option(name = "--env", required = true, description = "the environment it goes to")
    String environment;

    @Option(name = "--cloud", description = "the cloud of that environment (default: the server's own)")
    String cloud;

    @Override
    public Object execute() {
        ServerInfo server = shell.run(OperatorShell.line("lab:server-move", "--env", environment, ServersCommand.flag("--cloud", cloud),
                cloud, name), new Gate.Request("server", "manage", name), access -> servers.move(name, new MoveServerRequest(environment, cloud),
                access));
        System.out.println("server/" + server.name() + " moved to " + server.cloud() + "/" + server.environment());
        return null;
    }
}
