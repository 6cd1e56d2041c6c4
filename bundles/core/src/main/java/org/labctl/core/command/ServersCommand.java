package org.labctl.core.command;

import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.labctl.api.ServerInfo;
import org.labctl.core.AuditLog;
import org.labctl.core.internal.ServerService;

/** {@code lab:servers}: the fleet, as {@code labctl get servers} shows it (same service). */
@Service
@Command(scope = "lab", name = "servers", description = "Lists the enrolled servers (audited as the local operator)")
public class ServersCommand implements Action {

    @Reference
    ServerService servers;

    @Reference
    AuditLog audit;

    @Option(name = "--cloud", description = "only this cloud")
    String cloud;

    @Option(name = "--env", description = "only this environment")
    String environment;

    @Override
    public Object execute() {
        List<ServerInfo> list = audit.shell("lab:servers", "read", "*:*:servers", () -> servers.list(cloud, environment, Map.of()));
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Cloud");
        table.column("Environment");
        table.column("Status");
        table.column("Last seen");
        table.column("Agent");
        for (ServerInfo server : list) {
            table.addRow().addContent(server.name(), server.cloud(), server.environment() == null ? "-" : server.environment(),
                    server.status(), server.lastSeen() == null ? "-" : server.lastSeen(),
                    server.agentVersion() == null ? "-" : server.agentVersion());
        }
        table.print(System.out);
        return null;
    }
}
